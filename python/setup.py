"""Build glue: the version comes from the repository's META.json (the extension's version), so the
number lives in one place. Everything else is in pyproject.toml."""
import json
import os

from setuptools import setup

HERE = os.path.dirname(os.path.abspath(__file__))


def meta_version():
    for path in (os.path.join(HERE, '..', 'META.json'), os.path.join(HERE, 'META.json')):
        if os.path.exists(path):
            with open(path, encoding='utf-8') as f:
                return json.load(f)['version']
    raise SystemExit('costshare: META.json not found next to python/ (build from the repository checkout)')


setup(version=meta_version())
