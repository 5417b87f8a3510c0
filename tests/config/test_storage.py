"""Stored names of uploaded and generated files (config.storage.upload_path)."""

import re

from config.storage import upload_path


def test_it_stores_under_a_random_name_keeping_the_lower_cased_extension():
    name = upload_path("rapat", 42, filename="Undangan Rakor.PDF")

    assert re.fullmatch(r"rapat/42/[0-9a-f]{32}\.pdf", name)


def test_it_never_gives_two_uploads_of_one_name_the_same_path():
    assert upload_path("rapat", 1, filename="a.pdf") != upload_path("rapat", 1, filename="a.pdf")


def test_it_names_a_file_without_an_extension_bin():
    assert upload_path("rapat", 1, filename="berkas").endswith(".bin")


def test_it_takes_the_extension_it_is_given_over_the_uploaded_one():
    assert upload_path("insiden", "2024/02", filename="foto.png", extension="jpg").endswith(".jpg")


def test_it_keeps_the_name_when_asked():
    name = upload_path("tps_impor", "2024/02", filename="tps-pasbar.csv", keep_name=True)

    assert name == "tps_impor/2024/02/tps-pasbar.csv"
