#!/usr/bin/env bash
# Makes sure a MySQL-compatible server (MariaDB) answers on 127.0.0.1:3306 with the test database and
# user the end-to-end suite uses (dingtalk_etl_test, etl/etl; the command-line process tests recreate
# dingtalk_etl_test_cli for each test). Installs MariaDB from Debian's packages
# when it is missing, starts it when it is stopped. Idempotent.
set -euo pipefail

DB=${ETL_TEST_DB:-dingtalk_etl_test}

if [ ! -x /usr/sbin/mariadbd ]; then
  echo "[ci] MariaDB is not installed: installing mariadb-server from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq mariadb-server mariadb-client >/dev/null
fi

admin() {
  # root over the local socket (Debian's default unix_socket auth), else over TCP with an empty password
  mysql -uroot "$@" 2>/dev/null || mysql --protocol=tcp -h127.0.0.1 -uroot "$@"
}

if ! mysqladmin --protocol=tcp -h127.0.0.1 -uroot ping >/dev/null 2>&1 && ! mysqladmin -uroot ping >/dev/null 2>&1; then
  echo "[ci] starting MariaDB"
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  for _ in $(seq 1 60); do
    if mysqladmin -uroot ping >/dev/null 2>&1 || mysqladmin --protocol=tcp -h127.0.0.1 -uroot ping >/dev/null 2>&1; then
      break
    fi
    sleep 1
  done
fi

admin -e "
  CREATE DATABASE IF NOT EXISTS ${DB} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
  CREATE USER IF NOT EXISTS 'etl'@'localhost' IDENTIFIED BY 'etl';
  CREATE USER IF NOT EXISTS 'etl'@'127.0.0.1' IDENTIFIED BY 'etl';
  CREATE USER IF NOT EXISTS 'etl'@'%' IDENTIFIED BY 'etl';
  GRANT ALL PRIVILEGES ON ${DB}.* TO 'etl'@'localhost';
  GRANT ALL PRIVILEGES ON ${DB}.* TO 'etl'@'127.0.0.1';
  GRANT ALL PRIVILEGES ON ${DB}.* TO 'etl'@'%';
  GRANT ALL PRIVILEGES ON ${DB}_cli.* TO 'etl'@'localhost';
  GRANT ALL PRIVILEGES ON ${DB}_cli.* TO 'etl'@'127.0.0.1';
  GRANT ALL PRIVILEGES ON ${DB}_cli.* TO 'etl'@'%';
  FLUSH PRIVILEGES;"
mysql --protocol=tcp -h127.0.0.1 -uetl -petl -e "SELECT VERSION() AS mariadb" "${DB}"
