"""The Vega bundle is made once per user and vl-convert version, in the user's cache, and copied by clean builds."""
import vl_convert

from ssbook import charts


def test_the_bundle_is_made_once_in_the_users_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    made = []
    real = vl_convert.javascript_bundle
    monkeypatch.setattr(vl_convert, "javascript_bundle", lambda **kw: made.append(kw) or real(**kw))

    first = charts.vega_bundle()
    again = charts.vega_bundle()

    assert first == again and first.is_relative_to(tmp_path / "ssbook")
    assert len(made) == 1, "a second build made the bundle again"
    text = first.read_text(encoding="utf-8")
    assert text.startswith("/* Vega ") and text.rstrip().endswith("})();")
    assert vl_convert.__version__ in first.parent.name
    assert [p.name for p in first.parent.iterdir()] == [charts.BUNDLE_NAME], "a scratch file was left beside the bundle"


def test_another_vl_convert_version_gets_its_own_bundle(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = charts.vega_bundle()
    monkeypatch.setattr(vl_convert, "__version__", "0.0.0-other")
    other = charts.vega_bundle()
    assert other != first and other.is_file() and first.is_file()
