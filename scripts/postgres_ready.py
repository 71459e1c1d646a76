"""Exit 0 when a PostgreSQL server answers at the URL given as the only argument."""

import sys

import dj_database_url
import psycopg2

config = dj_database_url.parse(sys.argv[1])
try:
    psycopg2.connect(
        dbname=config["NAME"],
        user=config["USER"],
        host=config["HOST"],
        port=config["PORT"],
        password=config["PASSWORD"],
        connect_timeout=3,
    ).close()
except psycopg2.OperationalError:
    sys.exit(1)
