"""The browser editor's configuration is made from the content schema, is valid for Sveltia CMS, and
the admin page serves only verified files under its own policy (commhub.admin)."""

from __future__ import annotations

import html
import io
import json
import re
import tarfile

import jsonschema
import pytest
import yaml

from commhub.admin import vendor
from commhub.admin.config import AdminSettings, cms_config
from commhub.admin.page import admin_policy
from commhub.content.loader import load_content
from commhub.content.schema import PRODUCT, VERSION, REGISTRY_FILES
from commhub.i18n.messages import Messages
from commhub.site.csp import integrity
from helpers import build_site, standard_corpus


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    root = tmp_path_factory.mktemp("hub")
    standard_corpus(root)
    return load_content(root / "content")[0]


def products_collection(config):
    return next(collection for collection in config["collections"] if collection["name"] == "products")


def by_name(fields):
    return {field["name"]: field for field in fields}


def test_every_field_of_the_schema_is_in_the_editor(content):
    config = cms_config(content, AdminSettings("test-repo"), Messages("vi"))
    fields = by_name(products_collection(config)["fields"])
    assert set(fields) == {*PRODUCT.keys, *VERSION.keys, "body"}
    for format_field in (PRODUCT["media"], VERSION["translation"]):
        assert set(by_name(fields[format_field.name]["fields"])) == set(format_field.format.keys)
    registries = next(collection for collection in config["collections"] if collection["name"] == "registries")
    for entry in registries["files"]:
        (list_field,) = REGISTRY_FILES[entry["name"]].fields
        assert set(by_name(entry["fields"][0]["fields"])) == set(list_field.format.keys)


def test_the_versions_fields_are_per_language_and_the_products_once(content):
    fields = by_name(products_collection(cms_config(content, AdminSettings("test-repo"), Messages("vi")))["fields"])
    translated = {name for name, field in fields.items() if field.get("i18n")}
    assert translated == {name for name in VERSION.keys if name not in PRODUCT} | {"body"}
    assert all(sub.get("i18n") for sub in fields["translation"]["fields"])
    assert fields["translation"]["fields"][-1] == {"name": "source_sha", "widget": "hidden", "i18n": True}


def test_choices_are_the_registries_named_in_the_default_language(content):
    fields = by_name(products_collection(cms_config(content, AdminSettings("test-repo"), Messages("vi")))["fields"])
    assert fields["topics"]["options"] == [{"label": topic.name("vi"), "value": topic.id}
                                           for topic in content.topics.values()]
    assert fields["topics"]["multiple"] is True
    assert fields["original_language"]["default"] == "vi"
    assert [option["label"] for option in fields["type"]["options"]][:2] == ["Bài viết", "Tin tức"]
    assert fields["published"] | {} == {**fields["published"], "widget": "datetime", "type": "date",
                                        "format": "YYYY-MM-DD"}


def test_the_configuration_is_valid_for_sveltia(content):
    schema = json.loads((vendor.install() / "sveltia-cms" / "schema" / "sveltia-cms.json").read_text("utf-8"))
    for settings in (AdminSettings("test-repo"), AdminSettings("so-tu-phap/hub", "main"),
                     AdminSettings("so-tu-phap/hub", auth_url="https://auth.example.org")):
        config = cms_config(content, settings, Messages("vi"))
        # As the build writes it: through YAML.
        jsonschema.validate(yaml.safe_load(yaml.safe_dump(config, allow_unicode=True)), schema)


def test_github_saves_through_pull_requests(content):
    config = cms_config(content, AdminSettings("so-tu-phap/hub", "main"), Messages("vi"))
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"] == {"name": "github", "repo": "so-tu-phap/hub", "branch": "main",
                                 "auth_methods": ["token"]}
    with_oauth = cms_config(content, AdminSettings("so-tu-phap/hub", auth_url="https://auth.example.org"),
                            Messages("vi"))
    assert with_oauth["backend"] == {"name": "github", "repo": "so-tu-phap/hub", "base_url": "https://auth.example.org"}
    assert "publish_mode" not in cms_config(content, AdminSettings("test-repo"), Messages("vi"))


@pytest.mark.parametrize("settings, code", [
    (AdminSettings("not a repo"), "admin_repo_invalid"),
    (AdminSettings("owner/name", auth_url="http://auth.example.org"), "admin_auth_url_invalid"),
])
def test_settings_that_cannot_work_are_named(settings, code):
    assert settings.problem()[0] == code
    assert Messages("vi")(f"problem.{code}", value="x") != f"problem.{code}"


def test_the_policy_allows_github_only_for_the_github_backend():
    test_policy = admin_policy(AdminSettings("test-repo"), "sha384-a", "sha384-b")
    github_policy = admin_policy(AdminSettings("o/n", auth_url="https://auth.example.org/x"), "sha384-a", "sha384-b")
    assert "https:" not in test_policy
    assert "connect-src 'self' blob: data: https://api.github.com https://auth.example.org;" in github_policy
    assert "script-src 'sha384-a' 'sha384-b';" in github_policy
    assert "'unsafe-eval'" not in github_policy


def test_the_built_admin_page_loads_only_verified_files(tmp_path, caplog):
    caplog.set_level("INFO")
    standard_corpus(tmp_path)
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  - commhub\n", "  - commhub:\n      admin_repo: o/n\n"),
                      encoding="utf-8")
    site = build_site(tmp_path, strict=True)
    page = (site / "admin" / "index.html").read_text("utf-8")
    scripts = re.findall(r'<script src="([^"]+)" integrity="([^"]+)"', page)
    assert scripts == [("boot.js", integrity(site / "admin" / "boot.js")),
                       ("sveltia-cms.js", integrity(site / "admin" / "sveltia-cms.js"))]
    policy = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))
    assert all(f"'{value}'" in policy for _, value in scripts)
    assert '<meta name="robots" content="noindex, nofollow">' in page
    written = yaml.safe_load((site / "admin" / "config.yml").read_text("utf-8"))
    assert written["backend"]["repo"] == "o/n"
    served = (site / "admin" / "sveltia-cms.js").read_text("utf-8")
    assert "cdn.jsdelivr.net" not in served and "unpkg.com/@sveltia/cms" not in served
    assert "admin/" not in (site / "sitemap.xml").read_text("utf-8")
    # The corpus keeps product.yml: the build says what the editor cannot do with it, and how to change that.
    assert any("5 sản phẩm còn product.yml" in record.getMessage() and "commhub admin migrate" in record.getMessage()
               for record in caplog.records)


def test_the_admin_page_is_absent_unless_asked_for(tmp_path):
    standard_corpus(tmp_path)
    assert not (build_site(tmp_path) / "admin").exists()


# --- the vendored files ------------------------------------------------------------------------------

def tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_a_download_that_does_not_match_its_pinned_integrity_is_refused(tmp_path):
    forged = tarball({"package/dist/sveltia-cms.js": b"alert(1)"})
    with pytest.raises(vendor.VendorError) as refused:
        vendor.install(tmp_path / "vendor", fetch=lambda url: forged)
    assert refused.value.code == "vendor_integrity"
    assert refused.value.params["package"] == "@sveltia/cms@0.221.1"
    assert not (tmp_path / "vendor").exists()


def test_a_sveltia_that_no_longer_has_what_commhub_patches_is_refused():
    with pytest.raises(vendor.VendorError) as refused:
        vendor.patch(b"console.log('a newer Sveltia')")
    assert refused.value.code == "vendor_patch"


def test_packages_are_fetched_from_the_registry_npm_is_set_to(monkeypatch):
    monkeypatch.setenv("npm_config_registry", "https://npm.example.org/")
    asked = []

    def fetch(url):
        asked.append(url)
        raise vendor.VendorError("vendor_download", url=url, reason="offline")

    with pytest.raises(vendor.VendorError):
        vendor.install(vendor.vendor_dir().parent / "never", fetch=fetch)
    assert asked == ["https://npm.example.org/@sveltia/cms/-/cms-0.221.1.tgz"]
