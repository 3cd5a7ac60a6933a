"""The package's version: the extension's, from META.json in a checkout, else the installed metadata."""
import json
import os


def _version():
    meta = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'META.json')
    try:
        with open(meta, encoding='utf-8') as f:
            return json.load(f)['version']
    except (OSError, ValueError, KeyError):
        pass
    try:
        from importlib.metadata import version, PackageNotFoundError
        try:
            return version('costshare')
        except PackageNotFoundError:
            return '0+unknown'
    except ImportError:     # pragma: no cover
        return '0+unknown'


__version__ = _version()
