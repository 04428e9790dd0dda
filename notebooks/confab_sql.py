"""SQL over the Confab warehouse through the platform's REST endpoint (POST /api/data/query).

The notebooks import this instead of reading Parquet themselves: the endpoint applies the same
read-only rules and per-account views as `confab query`, so a notebook sees what its account may see.

Environment:
  CONFAB_URL      the web origin (default http://127.0.0.1:8080)
  CONFAB_TOKENS   comma-separated account-owner tokens, one per account to compare (or CONFAB_TOKEN)
  CONFAB_FIGURES  where figures are saved as PNG (default ./figures)
"""
import json
import os
import urllib.error
import urllib.parse
import urllib.request

import pandas as pd

URL = os.environ.get("CONFAB_URL", "http://127.0.0.1:8080").rstrip("/")
TOKENS = [t for t in os.environ.get("CONFAB_TOKENS", os.environ.get("CONFAB_TOKEN", "")).split(",") if t]
FIGURES = os.environ.get("CONFAB_FIGURES", "figures")

if not TOKENS:
    raise SystemExit("set CONFAB_TOKEN (or CONFAB_TOKENS, comma-separated) to an account owner's token "
                     "(POST /api/auth/signin on the web origin gives one)")


def _call(method, path, token, body=None):
    request = urllib.request.Request(URL + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return json.load(answer)
    except urllib.error.HTTPError as e:
        # The endpoint's problem detail names what was wrong (DuckDB's message for bad SQL).
        raise RuntimeError(f"{method} {path}: {e.code} {e.read().decode(errors='replace')}") from None


def query(sql, token=None):
    """One read-only statement; the answer as a DataFrame (column names from the endpoint)."""
    answer = _call("POST", "/api/data/query", token or TOKENS[0], {"sql": sql, "maxRows": 100000})
    if answer.get("truncated"):
        raise RuntimeError(f"more than {answer['rowCount']} rows: aggregate in SQL first")
    return pd.DataFrame(answer["rows"], columns=[c["name"] for c in answer["columns"]])


def query_all(sql):
    """The same statement for every account in CONFAB_TOKENS, concatenated."""
    return pd.concat([query(sql, token) for token in TOKENS], ignore_index=True)


def save(figure, name):
    os.makedirs(FIGURES, exist_ok=True)
    path = os.path.join(FIGURES, name + ".png")
    figure.savefig(path, dpi=72, bbox_inches="tight")
    print("saved", path)
    return path
