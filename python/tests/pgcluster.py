"""A throwaway PostgreSQL 15 cluster for the Python tests (the same settings as scripts/cluster.sh):
a fresh temporary directory, a private Unix socket only, the extension loaded from the work tree's
build/destdir (make install DESTDIR=$PWD/build/destdir) through extension_destdir, removed at the end.
It never touches a system cluster. As root the server runs as 'postgres', as PostgreSQL requires."""
import os
import shutil
import subprocess
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
PGBIN = os.environ.get('CS_PGBIN', '/usr/lib/postgresql/15/bin')


def _as_server_user(cmd):
    return (['runuser', '-u', 'postgres', '--'] + cmd) if os.getuid() == 0 else cmd


class Cluster:
    def __init__(self):
        self.destdir = os.environ.get('CS_DESTDIR', os.path.join(ROOT, 'build', 'destdir'))
        control = os.path.join(self.destdir, 'usr', 'share', 'postgresql', '15', 'extension', 'costshare.control')
        if not os.path.exists(control):
            raise RuntimeError('costshare is not installed in %s: run make && make install DESTDIR=%s'
                               % (self.destdir, self.destdir))
        self.dir = tempfile.mkdtemp(prefix='costshare-py.')
        os.chmod(self.dir, 0o755)
        if os.getuid() == 0:
            shutil.chown(self.dir, 'postgres')
        self.data = os.path.join(self.dir, 'data')
        self.host = self.dir
        self.port = 50000 + os.getpid() % 10000
        self.started = False

    def start(self):
        subprocess.run(_as_server_user([os.path.join(PGBIN, 'initdb'), '-D', self.data, '-A', 'trust', '-U',
                                        'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(os.path.join(self.data, 'postgresql.conf'), 'a') as f:
            f.write("listen_addresses = ''\nport = %d\nunix_socket_directories = '%s'\n"
                    "extension_destdir = '%s'\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                    "shared_buffers = 64MB\nmax_connections = 40\n" % (self.port, self.dir, self.destdir))
        subprocess.run(_as_server_user([os.path.join(PGBIN, 'pg_ctl'), '-D', self.data, '-l',
                                        os.path.join(self.dir, 'server.log'), '-w', 'start']),
                       check=True, stdout=subprocess.DEVNULL)
        self.started = True
        return self

    def env(self, dbname='postgres'):
        e = dict(os.environ)
        e.update(PGHOST=self.host, PGPORT=str(self.port), PGUSER='postgres', PGDATABASE=dbname)
        return e

    def conninfo(self, dbname='postgres'):
        return 'host=%s port=%d user=postgres dbname=%s' % (self.host, self.port, dbname)

    def psql(self, *args, dbname='postgres'):
        subprocess.run([os.path.join(PGBIN, 'psql'), '-qX', '-v', 'ON_ERROR_STOP=1'] + list(args), check=True,
                       env=self.env(dbname), cwd=ROOT, stdout=subprocess.DEVNULL)

    def create_sample_db(self, dbname):
        """A database with the extension and the sample practice (sample/plans.sql)."""
        self.psql('-c', 'CREATE DATABASE %s' % dbname)
        self.psql('-c', 'SET client_min_messages = warning', '-c', 'CREATE EXTENSION costshare CASCADE', dbname=dbname)
        self.psql('-f', 'sample/plans.sql', dbname=dbname)
        return self.conninfo(dbname)

    def stop(self):
        if self.started:
            subprocess.run(_as_server_user([os.path.join(PGBIN, 'pg_ctl'), '-D', self.data, '-m', 'fast', '-w',
                                            'stop']), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)
