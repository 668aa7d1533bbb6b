"""carefac batch on a dask LocalCluster of processes: merged tables, failures, resume, lost workers."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time

import pandas as pd
import pytest

from carefac.batch import MERGED_TABLES, run_batch
from carefac.cli import main

from .conftest import SAMPLE_DIR


@pytest.fixture(scope="module")
def cluster():
    from dask.distributed import Client, LocalCluster

    local = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    client = Client(local)
    yield local, client
    client.close()
    local.close()


@pytest.fixture(scope="module")
def projects(tmp_path_factory):
    """Three small study areas made with carefac init; the third has bad data."""
    root = tmp_path_factory.mktemp("batch")
    for name in ("amoy", "bay", "cove"):
        assert main(["init", str(root / name)]) == 0
    facilities = pd.read_csv(root / "cove" / "facilities.csv", encoding="utf-8-sig")
    facilities["托位数"] = "很多"
    facilities.to_csv(root / "cove" / "facilities.csv", index=False, encoding="utf-8-sig")
    config = root / "cove" / "carefac.toml"
    config.write_text(config.read_text("utf-8").replace("facilities.xlsx", "facilities.csv"), "utf-8")
    (root / "batch.toml").write_text('[batch]\nout = "out"\nconfigs = ["*/carefac.toml"]\n', "utf-8")
    return root


def single_run(root, name, capsys):
    out = root / "single" / name
    code = main(["run", str(root / name / "carefac.toml"), "--out", str(out)])
    return code, out, capsys.readouterr().err


def test_merged_tables_are_the_single_runs_and_the_broken_one_fails_alone(cluster, projects, capsys):
    _local, client = cluster
    result = run_batch(projects / "batch.toml", client=client)
    status = {r["study_area"]: r["status"] for r in result.records}
    assert status == {"amoy": "ok", "bay": "ok", "cove": "failed"}
    out = projects / "out"
    for file in MERGED_TABLES:
        merged = pd.read_csv(out / file, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        parts = []
        for name in ("amoy", "bay"):
            code, single, _ = single_run(projects, name, capsys)
            assert code == 0
            part = pd.read_csv(single / file, encoding="utf-8-sig", dtype=str, keep_default_na=False)
            parts.append(part.assign(研究区=name)[["研究区", *part.columns]])
        pd.testing.assert_frame_equal(merged, pd.concat(parts, ignore_index=True))
    failures = pd.read_csv(out / "failures.csv", encoding="utf-8-sig")
    code, _, message = single_run(projects, "cove", capsys)
    assert code == 2
    assert failures["研究区"].tolist() == ["cove"]
    assert failures["问题"].iloc[0].strip() == message.strip()
    summary = pd.read_csv(out / "summary.csv", encoding="utf-8-sig")
    assert summary["研究区"].tolist() == ["amoy", "bay"] and (summary["常住人口"] == 60000).all()
    for file in ("map.html", "report.html", "batch.json"):
        assert (out / file).stat().st_size > 0


def test_a_rerun_skips_the_finished_study_areas(cluster, projects):
    _local, client = cluster
    run_batch(projects / "batch.toml", client=client)
    again = run_batch(projects / "batch.toml", client=client)
    assert {r["study_area"]: r["status"] for r in again.records} == {"amoy": "skipped", "bay": "skipped", "cove": "failed"}
    forced = run_batch(projects / "batch.toml", client=client, force=True)
    assert {r["study_area"]: r["status"] for r in forced.records}["amoy"] == "ok"


def test_a_changed_input_reruns_only_that_study_area(cluster, projects):
    _local, client = cluster
    run_batch(projects / "batch.toml", client=client)
    special = projects / "bay" / "special_families.csv"
    special.write_text(special.read_text("utf-8-sig").replace("12", "55"), "utf-8-sig")
    config = projects / "bay" / "carefac.toml"
    config.write_text(config.read_text("utf-8").replace("special_families.xlsx", "special_families.csv"), "utf-8")
    again = run_batch(projects / "batch.toml", client=client)
    assert {r["study_area"]: r["status"] for r in again.records}["bay"] == "ok"
    assert {r["study_area"]: r["status"] for r in again.records}["amoy"] == "skipped"


def test_a_worker_lost_mid_run_reruns_its_task_elsewhere(cluster, tmp_path):
    local, client = cluster
    for name in ("north", "south"):
        shutil.copytree(SAMPLE_DIR, tmp_path / name)
    (tmp_path / "batch.toml").write_text('[batch]\nout = "out"\nconfigs = ["*/carefac.toml"]\n', "utf-8")
    outcome = {}
    thread = threading.Thread(target=lambda: outcome.setdefault("result", run_batch(tmp_path / "batch.toml", client=client)))
    thread.start()
    deadline = time.time() + 60
    while time.time() < deadline and not any(client.processing().values()):
        time.sleep(0.1)
    time.sleep(1.0)  # the tasks are running
    busy = next(address for address, keys in client.processing().items() if keys)
    nanny = next(w for w in local.workers.values() if w.worker_address == busy)
    os.kill(nanny.process.pid, signal.SIGKILL)
    thread.join(timeout=300)
    assert not thread.is_alive()
    assert [r["status"] for r in outcome["result"].records] == ["ok", "ok"]


def test_one_province_config_split_into_its_counties(cluster, tmp_path):
    """split = { by = "prefix6" }: each county of the sample is a study area of its own."""
    _local, client = cluster
    shutil.copytree(SAMPLE_DIR, tmp_path / "fj")
    config = tmp_path / "fj" / "carefac.toml"
    config.write_text(config.read_text("utf-8").replace("new_sites = 10", "new_sites = 1"), "utf-8")
    (tmp_path / "batch.toml").write_text(
        '[batch]\nout = "out"\nsplit = { config = "fj/carefac.toml", by = "prefix6" }\n', "utf-8"
    )
    result = run_batch(tmp_path / "batch.toml", client=client)
    from carefac import load_zhangzhou_sample

    counties = load_zhangzhou_sample().areas_at("county")
    assert sorted(r["study_area"] for r in result.records) == sorted(counties["area_id"])
    assert all(r["status"] == "ok" for r in result.records)
    summary = pd.read_csv(tmp_path / "out" / "summary.csv", encoding="utf-8-sig", dtype={"研究区": str})
    residents = counties.set_index("area_id")["population"]
    assert (summary.set_index("研究区")["常住人口"] == residents.reindex(summary["研究区"]).to_numpy()).all()
    page = (tmp_path / "out" / "map.html").read_text("utf-8")
    assert "#2166ac" in page and "#b2182b" in page  # townships at or above target blue, below red
