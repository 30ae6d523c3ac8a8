"""Settings from environment variables: the one parser the CMS and the site both use.

- string("NAME", default), boolean("NAME", default) (1/0, true/false, yes/no, on/off),
  integer, number (float) and csv ("a,b,c" -> ["a", "b", "c"]) read one variable each;
  a value that does not parse raises ConfigError naming the variable.
- A variable that is unset or blank ("NAME=" in an env file) takes the default.
- APP_ENV=production switches on production mode: `refuse_unsafe_production` then
  stops the process at start-up, with one message listing every problem, such as a
  `weak_secret` (a local default, or shorter than MIN_SECRET_LENGTH characters).
"""

import os

TRUE = {"1", "true", "yes", "on"}
# Long enough that a random secret cannot be guessed (e.g. `openssl rand -hex 32` gives 64).
MIN_SECRET_LENGTH = 32
FALSE = {"0", "false", "no", "off"}


class ConfigError(Exception):
    pass


def string(name: str, default: str = "") -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def boolean(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name, "")
    if not raw.strip():
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ConfigError(f"{name} must be a boolean (1/0, true/false, yes/no, on/off), not {raw!r}")


def _parsed(name: str, default, parse, what: str):
    raw = string(name)
    try:
        return parse(raw) if raw else default
    except ValueError:
        raise ConfigError(f"{name} must be {what}, not {raw!r}") from None


def integer(name: str, default: int) -> int:
    return _parsed(name, default, int, "a whole number")


def number(name: str, default: float) -> float:
    return _parsed(name, default, float, "a number")


def csv(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in string(name, default).split(",") if item.strip()]


def production() -> bool:
    return string("APP_ENV", "development").lower() == "production"


def weak_secret(value: str, defaults=()) -> bool:
    """A secret unfit for production: one of the published local defaults, or too short."""
    return value in defaults or len(value) < MIN_SECRET_LENGTH


def secret_problems(name: str, value: str, defaults=()) -> dict[str, bool]:
    """The production problems a secret variable can have, for `refuse_unsafe_production`."""
    return {
        f"{name} is not set": not value,
        f"{name} is a local default or shorter than {MIN_SECRET_LENGTH} characters": bool(value)
        and weak_secret(value, defaults),
    }


def refuse_unsafe_production(service: str, problems: dict[str, bool]) -> None:
    """In production mode, stop with one clear message if any problem holds."""
    found = [message for message, present in problems.items() if present]
    if production() and found:
        raise ConfigError(
            f"Refusing to start the {service} in production (APP_ENV=production): "
            + "; ".join(found)
            + ". See .env.example."
        )
