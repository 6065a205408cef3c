"""Configuration from the environment: the documented production profile passes `zhizhi check --deploy`."""

import os
import subprocess
import sys

PRODUCTION = {
    "ZHIZHI_PROFILE": "production",
    "ZHIZHI_SECRET_KEY": "k7#Qv!2pX9zLm4$Rt8wYb6&Nc1@Hs5^Fj3*Gd0%Ue7(Ki2)Oa9_Pl4+Mx6=Zq",
    "ZHIZHI_ALLOWED_HOSTS": "zhizhi.example.gov.cn",
    "ZHIZHI_CSRF_TRUSTED_ORIGINS": "https://zhizhi.example.gov.cn",
    "ZHIZHI_DATABASE_URL": "postgres://zhizhi@db.internal:5432/zhizhi",
    "ZHIZHI_REDIS_URL": "redis://cache.internal:6379/0",
    "ZHIZHI_SMS_GATEWAY": "zhizhi.notify.sms.HttpJsonSmsGateway",
    "ZHIZHI_SMS_GATEWAY_URL": "https://sms.internal/send",
}


def _zhizhi(args: list[str], env_extra: dict[str, str], tmp_path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIZHI_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({"ZHIZHI_VAR_DIR": str(tmp_path), **env_extra})
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "zhizhi", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_production_profile_passes_the_deployment_checks(tmp_path):
    result = _zhizhi(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "ZHIZHI_SECRET_KEY"}
    result = _zhizhi(["check"], env, tmp_path)
    assert result.returncode != 0
    assert "ZHIZHI_SECRET_KEY is required" in result.stderr


def test_demo_profile_generates_and_keeps_its_secret_key(tmp_path):
    assert _zhizhi(["check"], {}, tmp_path).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50 and oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"
    _zhizhi(["check"], {}, tmp_path)
    assert (tmp_path / "secret_key").read_text() == key


def test_deploy_check_flags_the_demo_profile(tmp_path):
    result = _zhizhi(["check", "--deploy", "--fail-level", "WARNING"], {"ZHIZHI_DEBUG": "1"}, tmp_path)
    assert result.returncode != 0


def test_production_without_an_sms_gateway_refuses_to_start(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "ZHIZHI_SMS_GATEWAY"}
    result = _zhizhi(["check"], env, tmp_path)
    assert result.returncode != 0
    assert "ZHIZHI_SMS_GATEWAY is required" in result.stderr
