"""Deterministic, realistic content served by the local DRS.

Every function here is pure: it takes a `random.Random` (seeded by the caller from the task
id) and the facts it needs, and returns JSON-ready dicts whose keys are the DRS v3 *wire*
names (``/work/shared/reference/drs-v3-api.md`` §2; SDK ``attribute_map``). Nothing reads the
wall clock or global state; times come in as ms-epoch integers.

The simulated databases of a task are described once by `task_schema` (a JSON-ready list of
database entries, see `db_entry` / `table_entry`). Everything about comparisons — object
counts, row counts, which tables differ, the difference rows themselves — is derived from that
schema alone, so an overview and its details always agree no matter how often or in which
order they are called. Functions that only read the schema accept ``rng`` for symmetry and do
not consume it.

Value differences (4.1.32) are never materialised: row ``i`` of a table's difference list is
a pure function of ``(seed, db, table, i)``, so `content_difference_page` answers any
``offset``/``limit`` slice of a million-row difference list in O(limit).
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

__all__ = [
    "engine_family",
    # pre-check (4.1.7) and parameters (4.1.9)
    "precheck_items",
    "precheck_summary",
    "db_params",
    # the simulated databases
    "task_schema",
    "db_entry",
    "table_entry",
    # object comparison (4.1.34 / 4.1.35)
    "object_compare_overview",
    "object_compare_details",
    # row comparison (4.1.28 / 4.1.29)
    "line_overview",
    "line_details",
    # value comparison (4.1.30 – 4.1.32)
    "content_overview",
    "content_details",
    "content_difference_counts",
    "content_difference_page",
    "iter_content_differences",
    "content_differences",
    # composite (4.1.18)
    "query_compare_result",
    "compare_status_text",
    # users (4.2.2)
    "src_users",
    # DR (4.4.2 – 4.4.5)
    "rpo_rto",
    "monitoring",
    "struct_process",
    "struct_detail",
    "STRUCT_TYPES",
    # connection tests (4.1.2 / 4.1.3)
    "connection_result",
]

JSONDict = dict[str, Any]
Schema = list[JSONDict]

_M64 = (1 << 64) - 1


# ---------------------------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------------------------


def engine_family(engine: Any) -> str:
    """Map an engine/db type (``EngineType``/``DbType`` value or plain string) to the content
    family used here: ``"mysql"``, ``"mongodb"`` or ``"postgresql"``.

    MongoDB/DDS → mongodb; PostgreSQL and GaussDB → postgresql; everything else (MySQL,
    cloudDataGuard-mysql, TaurusDB, DDM, mysql-to-kafka, Oracle, …) → mysql.
    """
    text = str(getattr(engine, "value", engine) or "").lower()
    if "mongo" in text or text.startswith("dds"):
        return "mongodb"
    if "postgres" in text or "gauss" in text or text == "pg":
        return "postgresql"
    return "mysql"


def _mix(x: int) -> int:
    """splitmix64 finaliser: a fast, well-spread 64-bit hash of an integer."""
    x = (x + 0x9E3779B97F4A7C15) & _M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _M64
    return x ^ (x >> 31)


def _h64(*parts: Any) -> int:
    """Stable (process-independent) 64-bit hash of some values."""
    data = "\x1f".join(str(p) for p in parts).encode()
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


def _json(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def _space_time(ms: int, tz_minutes: int = 0) -> str:
    """``yyyy-MM-dd HH:mm:ss`` for an ms epoch, in UTC shifted by ``tz_minutes``."""
    tz = timezone(timedelta(minutes=tz_minutes))
    return datetime.fromtimestamp(ms / 1000.0, tz=tz).strftime("%Y-%m-%d %H:%M:%S")


def _uuid_from(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _log_uniform(rng: random.Random, lo: int, hi: int) -> int:
    return int(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def _clamp01(x: float) -> float:
    return 0.0 if x < 0 else 1.0 if x > 1 else float(x)


def _schema_pairs(schema: Schema | None) -> list[tuple[str, str]]:
    """(db, table) pairs of a schema, or a small default set for messages."""
    pairs = [(d["db"], t["name"]) for d in schema or () for t in d.get("tables", ())]
    return pairs or [("shop", "orders"), ("shop", "order_items"), ("shop", "products"), ("crm", "contacts")]


# ---------------------------------------------------------------------------------------------
# 4.1.7 pre-check
# ---------------------------------------------------------------------------------------------

# Groups and items exactly as in the seed's MySQL example (seed order).
_MYSQL_PRECHECK: tuple[tuple[str, str], ...] = (
    ("db_disk_size", "dstDbDiskSize"),
    *(
        ("db_params", item)
        for item in (
            "checkIncreSrcDbExistedInDstDb",
            "dbCharacterSetConsistency",
            "dbClockConsistency",
            "dbCollationServerConsistency",
            "dbIsolationLevelConsistency",
            "dbParamConsistency",
            "dbServerUuidConsistency",
            "dstMaxAllowedPacketCheck",
            "hasForeignKeyOnUnselectedTable",
            "innodbStrictModeConsistency",
            "isUserRequireSslLink",
            "sqlModeConsistency",
            "sqlModeNoEngine",
            "srcBinlogFormatCheck",
            "srcBinlogRowImageCheck",
            "srcDbBinlogExpireLogsDays",
            "srcDbBinlogIsOff",
            "srcDbExistUnsupportEngineTable",
            "srcDbIndexKeyLength",
            "srcDbNameContainsUnsupportedSymbols",
            "srcDbServerIdCheck",
            "srcDstTableNameCaseSensitiveCheck",
            "srcHasNoPkTableWhenTgtHasInvisiblePk",
            "srcRoutinesWithoutPrivilegeCheck",
            "srcTableNameContainsNonAscii",
            "srcTriggerAndEventCheck",
            "srcViewNameContainsNonAscii",
            "srclogSlaveUpdatesCheck",
            "userRequirementsIsEnoughForDefiner",
            "userSelectObjectsCheck",
        )
    ),
    ("db_target_status", "dstStatusCheck"),
    ("db_user_privilege", "dstDbPrivilegesIsEnough"),
    ("db_user_privilege", "srcDbPrivilegesIsEnoughForIncre"),
    ("db_version", "dbVersionMeetRequirement"),
    ("db_version", "dstDbVersionSupport"),
    ("db_version", "srcDbVersionSupport"),
    ("network", "dstDbConnection"),
    ("network", "srcDbConnection"),
)

# Groups and items exactly as in the seed's DDS example (seed order).
_MONGO_PRECHECK: tuple[tuple[str, str], ...] = (
    ("db_disk_size", "dstDbDiskSize"),
    ("db_object_conflict_check", "srcAndDstCappedCollConsistency"),
    ("db_object_conflict_check", "srcCollAlreadyExistedInDstColl"),
    ("db_object_conflict_check", "srcViewAlreadyExistedInDstView"),
    ("db_object_dependency_check", "rolesDependentCheck"),
    ("db_object_dependency_check", "usersDependentCheck"),
    ("db_params", "srcCollHasTtlIndex"),
    ("db_params", "dbSslConsistency"),
    ("db_params", "dstChunkNumCheck"),
    ("db_params", "mongoTypeFitTransferMode"),
    ("db_params", "srcCollIndexNumCheck"),
    ("db_params", "srcCollNameContainsUnsupportedSymbols"),
    ("db_params", "srcDbInstancesEmpty"),
    ("db_params", "srcDbNameContainsUnsupportedSymbols"),
    ("db_params", "srcIdIndexCheck"),
    ("db_params", "userSelectObjectsCheck"),
    ("db_target_status", "dstStatusCheck"),
    ("db_user_privilege", "dstDbPrivilegesEnough"),
    ("db_user_privilege", "srcDbPrivilegesEnough"),
    ("db_version", "dbVersionMeetRequirement"),
    ("db_version", "dstDbVersionSupport"),
    ("db_version", "srcDbVersionSupport"),
    ("network", "dstDbConnection"),
    ("network", "srcDbConnection"),
    ("src_info_check", "srcShardKeyConfiguration"),
    ("src_info_check", "checkBalanceStatus"),
    ("src_info_check", "srcMongoInstanceType"),
)

# A plausible PostgreSQL set (the seed has no PostgreSQL example); same group names.
_PG_PRECHECK: tuple[tuple[str, str], ...] = (
    ("db_disk_size", "dstDbDiskSize"),
    ("db_object_conflict_check", "dstTableAlreadyExisted"),
    *(
        ("db_params", item)
        for item in (
            "dbEncodingConsistency",
            "dbLcCollateConsistency",
            "dbTimezoneConsistency",
            "dstExtensionConsistency",
            "maxReplicationSlots",
            "maxWalSenders",
            "srcDbExtensionSupport",
            "srcDbNameContainsUnsupportedSymbols",
            "srcReplicaIdentityCheck",
            "srcSequenceCheck",
            "srcTableHasNoPrimaryKey",
            "srcTableHasUnloggedTable",
            "srcTableNameContainsNonAscii",
            "userSelectObjectsCheck",
            "walLevelIsLogical",
        )
    ),
    ("db_target_status", "dstStatusCheck"),
    ("db_user_privilege", "dstDbPrivilegesIsEnough"),
    ("db_user_privilege", "srcDbPrivilegesIsEnough"),
    ("db_user_privilege", "srcUserReplicationPrivilege"),
    ("db_version", "dbVersionMeetRequirement"),
    ("db_version", "dstDbVersionSupport"),
    ("db_version", "srcDbVersionSupport"),
    ("network", "dstDbConnection"),
    ("network", "srcDbConnection"),
)

# Outcome generators: (rng, [(db, table), ...]) -> (failed_reason code, human message, data).
_Outcome = tuple[str, str, Any]


def _disk(rng: random.Random, *, enough: bool) -> dict[str, Any]:
    size = _log_uniform(rng, 2 * 1024**3, 400 * 1024**3)
    times = 1.5
    vol = int(size * times * rng.uniform(1.3, 6.0)) if enough else int(size * rng.uniform(0.6, 1.3))
    return {
        "diskSizeTimes": str(times),
        "dstVolumeSize": str(vol),
        "srcIndexSize": int(size * rng.uniform(0.08, 0.3)),
        "size": str(size),
        "srcIndexAmount": rng.randint(12, 480),
    }


def _o_binlog_days(rng, pairs) -> _Outcome:
    days = rng.choice((1, 2))
    return (
        "SRC_BINLOG_EXPIRE_LOGS_DAYS_TOO_SHORT",
        f"Binlog retention is {days} day{'s' if days > 1 else ''}; set expire_logs_days \u2265 3 "
        "(binlog_expire_logs_seconds \u2265 259200) so incremental migration can catch up",
        {"expire_logs_days": str(days), "binlog_expire_logs_seconds": str(days * 86400), "recommended_days": "3"},
    )


def _o_param_consistency(rng, pairs) -> _Outcome:
    keys = sorted(rng.sample(["max_connections", "time_zone", "long_query_time", "innodb_lock_wait_timeout",
                              "wait_timeout", "net_write_timeout"], 2))
    return (
        "SRC_DST_PARAMS_INCONSISTENT",
        f"{len(keys)} parameters differ between source and destination ({', '.join(keys)}); "
        "review them in the parameter comparison before starting",
        {"inconsistentParams": ",".join(keys)},
    )


def _o_clock(rng, pairs) -> _Outcome:
    diff = rng.randint(6, 240)
    return (
        "SRC_DST_CLOCK_INCONSISTENT",
        f"Source and destination clocks differ by {diff} s; synchronize both with NTP to keep time-based "
        "columns and scheduled events consistent",
        {"clockDiffSeconds": str(diff)},
    )


def _o_fk(rng, pairs) -> _Outcome:
    db, table = rng.choice(pairs)
    return (
        "FOREIGN_KEY_REFERENCES_UNSELECTED_TABLE",
        f"Table {db}.{table} has a foreign key referencing {db}.products, which is not selected for migration; "
        "inserts on the destination may fail",
        {"foreignKeys": f"{db}.{table}(product_id)->{db}.products(id)"},
    )


def _o_trigger_event(rng, pairs) -> _Outcome:
    db = pairs[0][0]
    return (
        "SRC_HAS_TRIGGERS_OR_EVENTS",
        "The source has triggers and events; they are created on the destination only after the full "
        "phase ends and must stay disabled there until cut-over",
        {"triggers": f"{db}.trg_orders_bu,{db}.trg_inventory_au", "events": f"{db}.ev_purge_expired_carts"},
    )


def _o_max_packet(rng, pairs) -> _Outcome:
    dst = rng.choice((4194304, 16777216))
    return (
        "DST_MAX_ALLOWED_PACKET_TOO_SMALL",
        f"max_allowed_packet on the destination is {dst} bytes, below the required 104857600 bytes; "
        "rows with large BLOB/TEXT values may fail to migrate",
        {"dstMaxAllowedPacket": str(dst), "required": "104857600"},
    )


def _o_sql_mode(rng, pairs) -> _Outcome:
    src = "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION"
    dst = "STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION"
    return (
        "SQL_MODE_INCONSISTENT",
        "sql_mode differs between source and destination; statements accepted by the source may be "
        "rejected or behave differently on the destination",
        {"srcSqlMode": src, "dstSqlMode": dst},
    )


def _o_case(rng, pairs) -> _Outcome:
    return (
        "LOWER_CASE_TABLE_NAMES_INCONSISTENT",
        "lower_case_table_names is 0 on the source and 1 on the destination; tables whose names differ "
        "only in letter case will collide",
        {"srcLowerCaseTableNames": "0", "dstLowerCaseTableNames": "1"},
    )


def _o_ssl_user(rng, pairs) -> _Outcome:
    return (
        "SRC_USER_REQUIRE_SSL",
        "Account 'app_rw'@'%' is created with REQUIRE SSL; clients of the destination must connect over SSL",
        {"sslUsers": "'app_rw'@'%'"},
    )


def _o_binlog_format(rng, pairs) -> _Outcome:
    fmt = rng.choice(("STATEMENT", "MIXED"))
    return (
        "SRC_BINLOG_FORMAT_NOT_ROW",
        f"binlog_format is {fmt} on the source; set binlog_format=ROW (SET GLOBAL binlog_format='ROW') "
        "and reconnect the writing sessions",
        {"binlog_format": fmt},
    )


def _o_row_image(rng, pairs) -> _Outcome:
    img = rng.choice(("MINIMAL", "NOBLOB"))
    return (
        "SRC_BINLOG_ROW_IMAGE_NOT_FULL",
        f"binlog_row_image is {img} on the source; incremental migration needs binlog_row_image=FULL",
        {"binlog_row_image": img},
    )


def _o_binlog_off(rng, pairs) -> _Outcome:
    return (
        "SRC_BINLOG_IS_OFF",
        "Binary logging is disabled on the source (log_bin=OFF); enable log-bin in my.cnf and restart MySQL",
        {"log_bin": "OFF"},
    )


def _o_server_id(rng, pairs) -> _Outcome:
    return (
        "SRC_SERVER_ID_INVALID",
        "server_id of the source is 1; incremental migration needs server_id between 2 and 4294967295",
        {"server_id": "1"},
    )


def _o_src_priv(rng, pairs) -> _Outcome:
    missing = rng.choice((["REPLICATION SLAVE", "REPLICATION CLIENT"], ["REPLICATION CLIENT"], ["RELOAD", "LOCK TABLES"]))
    return (
        "SRC_USER_PRIVILEGES_NOT_ENOUGH",
        f"The source account lacks {', '.join(missing)}, which incremental migration requires",
        {"missingPrivileges": ",".join(missing)},
    )


def _o_dst_priv(rng, pairs) -> _Outcome:
    return (
        "DST_USER_PRIVILEGES_NOT_ENOUGH",
        "The destination account lacks CREATE ROUTINE, ALTER ROUTINE, EVENT and TRIGGER on the selected databases",
        {"missingPrivileges": "CREATE ROUTINE,ALTER ROUTINE,EVENT,TRIGGER"},
    )


def _o_disk(rng, pairs) -> _Outcome:
    data = _disk(rng, enough=False)
    need = int(int(data["size"]) * 1.5)
    return (
        "DST_DISK_SPACE_NOT_ENOUGH",
        f"The destination has {int(data['dstVolumeSize']) // 1024**3} GB of disk space but at least "
        f"{need // 1024**3} GB (1.5 \u00d7 source data) is needed",
        data,
    )


def _o_db_exists(rng, pairs) -> _Outcome:
    db = pairs[0][0]
    return (
        "SRC_DB_ALREADY_EXISTS_IN_DST",
        f"Database {db} already exists in the destination and contains tables; incremental-only migration "
        "needs the destination objects to be empty or identical",
        {"existedDbs": db},
    )


def _o_engine(rng, pairs) -> _Outcome:
    db, table = rng.choice(pairs)
    eng = rng.choice(("FEDERATED", "ARCHIVE", "BLACKHOLE"))
    return (
        "SRC_HAS_UNSUPPORTED_ENGINE_TABLES",
        f"Table {db}.{table}_bak uses the {eng} storage engine, which cannot be migrated; convert it to InnoDB "
        "or deselect it",
        {"tables": f"{db}.{table}_bak:{eng}"},
    )


def _o_key_len(rng, pairs) -> _Outcome:
    db, table = rng.choice(pairs)
    return (
        "SRC_INDEX_KEY_LENGTH_EXCEEDS_LIMIT",
        f"Index idx_note on {db}.{table} is 3072 bytes long and exceeds the destination limit of 767 bytes "
        "(innodb_large_prefix=OFF)",
        {"indexes": f"{db}.{table}.idx_note:3072"},
    )


def _o_src_version(rng, pairs) -> _Outcome:
    return (
        "SRC_DB_VERSION_NOT_SUPPORTED",
        "Source MySQL 5.1.73 is not supported; supported versions are 5.5, 5.6, 5.7 and 8.0",
        {"srcVersion": "5.1.73"},
    )


def _o_ttl(rng, pairs) -> _Outcome:
    db = pairs[0][0]
    return (
        "SRC_HAS_TTL_INDEXES",
        f"Collections {db}.carts and {db}.sessions have TTL indexes; expired documents can be deleted on the "
        "destination at a different time, so data may briefly differ",
        {"srcHasTtlIndexColls": f"{db}.carts,{db}.sessions"},
    )


def _o_shard_key(rng, pairs) -> _Outcome:
    colls = ",".join(f"{d}.{t}" for d, t in pairs[:6])
    return (
        "SRC_INSTANCE_TYPE_IS_REPLICA_SET",
        "The source is a replica set and the destination a sharded cluster; collections without a configured "
        "shard key are created unsharded",
        {"notConfigShardIndexColls": colls},
    )


def _o_balancer(rng, pairs) -> _Outcome:
    return (
        "SRC_BALANCER_IS_RUNNING",
        "The balancer is running on the source cluster; stop it (sh.stopBalancer()) for the migration",
        {"balancerState": "running"},
    )


def _o_index_num(rng, pairs) -> _Outcome:
    db, table = rng.choice(pairs)
    return (
        "SRC_COLL_INDEX_NUM_TOO_MANY",
        f"Collection {db}.{table} has 58 indexes; more than 50 slow down the full phase considerably",
        {"colls": f"{db}.{table}:58"},
    )


def _o_id_index(rng, pairs) -> _Outcome:
    db, table = rng.choice(pairs)
    return (
        "SRC_COLL_WITHOUT_ID_INDEX",
        f"Collection {db}.{table} has no _id index; incremental migration cannot identify documents",
        {"colls": f"{db}.{table}"},
    )


def _o_coll_exists(rng, pairs) -> _Outcome:
    db, table = rng.choice(pairs)
    return (
        "SRC_COLL_ALREADY_EXISTS_IN_DST",
        f"Collection {db}.{table} already exists in the destination; drop it or deselect it",
        {"colls": f"{db}.{table}"},
    )


def _o_mongo_src_priv(rng, pairs) -> _Outcome:
    return (
        "SRC_USER_PRIVILEGES_NOT_ENOUGH",
        "The source user needs readAnyDatabase on admin and read on local for full+incremental migration",
        {"missingRoles": "admin.readAnyDatabase,local.read"},
    )


def _o_mongo_dst_priv(rng, pairs) -> _Outcome:
    return (
        "DST_USER_PRIVILEGES_NOT_ENOUGH",
        "The destination user needs dbAdminAnyDatabase and readWriteAnyDatabase on admin",
        {"missingRoles": "admin.dbAdminAnyDatabase,admin.readWriteAnyDatabase"},
    )


def _o_pg_no_pk(rng, pairs) -> _Outcome:
    db, table = rng.choice(pairs)
    return (
        "SRC_TABLE_WITHOUT_PRIMARY_KEY",
        f"Table {db}.public.{table}_archive has no primary key; UPDATE and DELETE on it are replicated with "
        "REPLICA IDENTITY FULL and are slow",
        {"tables": f"{db}.public.{table}_archive"},
    )


def _o_pg_tz(rng, pairs) -> _Outcome:
    return (
        "TIMEZONE_INCONSISTENT",
        "TimeZone is 'Asia/Shanghai' on the source and 'UTC' on the destination; timestamp without time zone "
        "values may be interpreted differently",
        {"srcTimeZone": "Asia/Shanghai", "dstTimeZone": "UTC"},
    )


def _o_pg_unlogged(rng, pairs) -> _Outcome:
    db, table = rng.choice(pairs)
    return (
        "SRC_HAS_UNLOGGED_TABLES",
        f"Unlogged table {db}.public.{table}_tmp is not written to WAL; only its full data is migrated",
        {"tables": f"{db}.public.{table}_tmp"},
    )


def _o_pg_sequence(rng, pairs) -> _Outcome:
    return (
        "SRC_SEQUENCES_NOT_SYNCED_INCREMENTALLY",
        "Sequence values are not replicated in the incremental phase; reset them with setval() after cut-over",
        {"sequences": "orders_id_seq,payments_id_seq"},
    )


def _o_pg_ext(rng, pairs) -> _Outcome:
    return (
        "DST_EXTENSION_MISSING",
        "Extensions pg_trgm and hstore are installed on the source but not on the destination",
        {"missingExtensions": "pg_trgm,hstore"},
    )


def _o_pg_wal(rng, pairs) -> _Outcome:
    lvl = rng.choice(("replica", "minimal"))
    return (
        "SRC_WAL_LEVEL_NOT_LOGICAL",
        f"wal_level is {lvl} on the source; set wal_level=logical and restart PostgreSQL",
        {"wal_level": lvl},
    )


def _o_pg_slots(rng, pairs) -> _Outcome:
    return (
        "SRC_REPLICATION_SLOTS_NOT_ENOUGH",
        "max_replication_slots is 4 and all are in use; raise it (needs a restart) or drop unused slots",
        {"max_replication_slots": "4", "used": "4"},
    )


def _o_pg_senders(rng, pairs) -> _Outcome:
    return (
        "SRC_WAL_SENDERS_NOT_ENOUGH",
        "max_wal_senders is 2 and both are in use; raise it to at least 3 (needs a restart)",
        {"max_wal_senders": "2", "used": "2"},
    )


def _o_pg_encoding(rng, pairs) -> _Outcome:
    return (
        "SRC_DST_ENCODING_INCONSISTENT",
        "Database encoding is UTF8 on the source and SQL_ASCII on the destination; recreate the destination "
        "database with ENCODING 'UTF8'",
        {"srcEncoding": "UTF8", "dstEncoding": "SQL_ASCII"},
    )


def _o_pg_repl(rng, pairs) -> _Outcome:
    return (
        "SRC_USER_NOT_REPLICATION",
        "The source user has no REPLICATION attribute; run ALTER ROLE ... WITH REPLICATION",
        {"missingAttributes": "REPLICATION"},
    )


def _o_pg_dst_priv(rng, pairs) -> _Outcome:
    return (
        "DST_USER_PRIVILEGES_NOT_ENOUGH",
        "The destination user needs CREATE on the target databases and ownership of the target schemas",
        {"missingPrivileges": "CREATE"},
    )


_ALARMS: dict[str, dict[str, Any]] = {
    "mysql": {
        "dbClockConsistency": _o_clock,
        "dbParamConsistency": _o_param_consistency,
        "dstMaxAllowedPacketCheck": _o_max_packet,
        "hasForeignKeyOnUnselectedTable": _o_fk,
        "isUserRequireSslLink": _o_ssl_user,
        "sqlModeConsistency": _o_sql_mode,
        "srcDbBinlogExpireLogsDays": _o_binlog_days,
        "srcDstTableNameCaseSensitiveCheck": _o_case,
        "srcTriggerAndEventCheck": _o_trigger_event,
    },
    "mongodb": {
        "srcCollHasTtlIndex": _o_ttl,
        "srcShardKeyConfiguration": _o_shard_key,
        "checkBalanceStatus": _o_balancer,
        "srcCollIndexNumCheck": _o_index_num,
    },
    "postgresql": {
        "srcTableHasNoPrimaryKey": _o_pg_no_pk,
        "dbTimezoneConsistency": _o_pg_tz,
        "srcTableHasUnloggedTable": _o_pg_unlogged,
        "srcSequenceCheck": _o_pg_sequence,
        "dstExtensionConsistency": _o_pg_ext,
    },
}

_FAILS: dict[str, dict[str, Any]] = {
    "mysql": {
        "checkIncreSrcDbExistedInDstDb": _o_db_exists,
        "dstDbDiskSize": _o_disk,
        "dstDbPrivilegesIsEnough": _o_dst_priv,
        "srcBinlogFormatCheck": _o_binlog_format,
        "srcBinlogRowImageCheck": _o_row_image,
        "srcDbBinlogIsOff": _o_binlog_off,
        "srcDbExistUnsupportEngineTable": _o_engine,
        "srcDbIndexKeyLength": _o_key_len,
        "srcDbPrivilegesIsEnoughForIncre": _o_src_priv,
        "srcDbServerIdCheck": _o_server_id,
        "srcDbVersionSupport": _o_src_version,
    },
    "mongodb": {
        "dstDbDiskSize": _o_disk,
        "dstDbPrivilegesEnough": _o_mongo_dst_priv,
        "srcCollAlreadyExistedInDstColl": _o_coll_exists,
        "srcDbPrivilegesEnough": _o_mongo_src_priv,
        "srcIdIndexCheck": _o_id_index,
    },
    "postgresql": {
        "dbEncodingConsistency": _o_pg_encoding,
        "dstDbDiskSize": _o_disk,
        "dstDbPrivilegesIsEnough": _o_pg_dst_priv,
        "maxReplicationSlots": _o_pg_slots,
        "maxWalSenders": _o_pg_senders,
        "srcUserReplicationPrivilege": _o_pg_repl,
        "walLevelIsLogical": _o_pg_wal,
    },
}

_PRECHECK_CATALOG = {"mysql": _MYSQL_PRECHECK, "mongodb": _MONGO_PRECHECK, "postgresql": _PG_PRECHECK}


def precheck_items(
    rng: random.Random,
    engine_type: Any,
    *,
    fail_share: float = 0.0,
    schema: Schema | None = None,
    sub_jobs: Sequence[tuple[str, str]] = (),
) -> list[JSONDict]:
    """The ``precheck_result`` rows of 4.1.7 for one task.

    MySQL gives exactly the groups/items of the seed's MySQL example, MongoDB/DDS those of the
    DDS example, PostgreSQL a plausible set (wal_level, replication slots, …). Most items are
    ``PASSED`` (``{item, result, group}`` as in the seed; ``dstDbDiskSize`` carries its size
    ``data``, ``dstStatusCheck`` empty ``data``/``failed_reason`` as in the seed); 0–3 are
    ``ALARM``; with probability ``fail_share`` one or two are ``FAILED``. ALARM/FAILED rows carry
    ``failed_reason`` (a code such as ``SRC_BINLOG_FORMAT_NOT_ROW``), ``raw_error_msg`` (the
    human explanation) and ``data`` (a JSON string); FAILED rows also carry ``failed_sub_jobs``
    (one entry per ``sub_jobs`` ``(id, name)`` pair, empty for a plain task). ``schema`` only
    supplies db/table names for the messages.
    """
    fam = engine_family(engine_type)
    catalog = _PRECHECK_CATALOG[fam]
    alarms, fails = _ALARMS[fam], _FAILS[fam]
    pairs = _schema_pairs(schema)

    n_alarm = rng.choice((0, 1, 1, 2, 2, 3))
    failing: list[str] = []
    if fail_share > 0 and rng.random() < fail_share:
        failing = rng.sample(list(fails), 1 if rng.random() < 0.65 else 2)
    alarm_pool = [k for k in alarms if k not in failing]
    alarming = rng.sample(alarm_pool, min(n_alarm, len(alarm_pool)))

    out: list[JSONDict] = []
    for group, item in catalog:
        if item in failing or item in alarming:
            result = "FAILED" if item in failing else "ALARM"
            gen = fails[item] if result == "FAILED" else alarms[item]
            code, message, data = gen(rng, pairs)
            row: JSONDict = {
                "item": item,
                "result": result,
                "failed_reason": code,
                "data": data if isinstance(data, str) else _json(data),
                "raw_error_msg": message,
                "group": group,
            }
            if result == "FAILED":
                row["failed_sub_jobs"] = [
                    {"id": sid, "name": name, "check_result": "FAILED"} for sid, name in sub_jobs
                ]
        else:
            row = {"item": item, "result": "PASSED", "group": group}
            if item == "dstDbDiskSize":
                row["data"] = _json(_disk(rng, enough=True))
            elif item == "dstStatusCheck":
                row["data"] = ""
                row["failed_reason"] = ""
        out.append(row)
    return out


def precheck_summary(
    items: Sequence[Mapping[str, Any]],
    precheck_id: str,
    process_pct: float,
    *,
    rds_instance_id: str | None = None,
    job_direction: str | None = None,
) -> JSONDict:
    """One ``results`` row of 4.1.7 (``QueryPreCheckResp``) for ``items``.

    ``result`` is true only when the check has finished (``process_pct`` ≥ 100) and no item
    is ``FAILED`` (ALARM items do not block, as in the seed's DDS example where two ALARM items
    still give ``true``/``"100%"``). ``total_passed_rate`` = non-FAILED ÷ all items, floored,
    as ``"NN%"``; ``process`` = ``"NN%"``.
    """
    pct = max(0, min(100, int(process_pct)))
    total = len(items)
    failed = sum(1 for i in items if i.get("result") == "FAILED")
    rate = (100 * (total - failed)) // total if total else 0
    row: JSONDict = {
        "precheck_id": precheck_id,
        "result": pct >= 100 and failed == 0,
        "process": f"{pct}%",
        "total_passed_rate": f"{rate}%",
    }
    if rds_instance_id is not None:
        row["rds_instance_id"] = rds_instance_id
    if job_direction is not None:
        row["job_direction"] = str(getattr(job_direction, "value", job_direction))
    row["precheck_result"] = [dict(i) for i in items]
    return row


# ---------------------------------------------------------------------------------------------
# 4.1.9 database parameters
# ---------------------------------------------------------------------------------------------

_COLLATIONS = (
    "latin1_german1_ci|latin1_swedish_ci|latin1_danish_ci|latin1_german2_ci|latin1_bin|latin1_general_ci|"
    "latin1_general_cs|latin1_spanish_ci|gbk_chinese_ci|gbk_bin|utf8_general_ci|utf8_bin|utf8_unicode_ci|"
    "utf8mb4_general_ci|utf8mb4_bin|utf8mb4_unicode_ci|utf8mb4_0900_ai_ci"
)
_SQL_MODES = (
    "ALLOW_INVALID_DATES|ANSI_QUOTES|ERROR_FOR_DIVISION_BY_ZERO|HIGH_NOT_PRECEDENCE|IGNORE_SPACE|"
    "NO_AUTO_VALUE_ON_ZERO|NO_BACKSLASH_ESCAPES|NO_DIR_IN_CREATE|NO_ENGINE_SUBSTITUTION|"
    "NO_UNSIGNED_SUBTRACTION|NO_ZERO_DATE|NO_ZERO_IN_DATE|ONLY_FULL_GROUP_BY|PAD_CHAR_TO_FULL_LENGTH|"
    "PIPES_AS_CONCAT|REAL_AS_FLOAT|STRICT_ALL_TABLES|STRICT_TRANS_TABLES"
)
_TIME_ZONES = "SYSTEM|UTC|" + "|".join(f"{h:+03d}:00" for h in range(-12, 15))
_DEFAULT_SQL_MODE = (
    "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
    "NO_ENGINE_SUBSTITUTION"
)

# (group, key, source value, plausible destination alternatives, data_type, value_range, need_restart)
_MYSQL_PARAMS: tuple[tuple[str, str, str, tuple[str, ...], str | None, str, bool], ...] = (
    ("performance", "binlog_cache_size", "32768", ("2097152", "1048576"), "figure", "4096-16777216", False),
    ("performance", "binlog_stmt_cache_size", "32768", ("65536",), "figure", "4096-16777216", False),
    ("performance", "bulk_insert_buffer_size", "8388608", ("16777216",), "figure", "0-18446744073709551615", False),
    ("common", "character_set_server", "utf8mb4", ("utf8",), None, "utf8|latin1|gbk|utf8mb4", True),
    ("common", "collation_server", "utf8mb4_general_ci", ("utf8mb4_bin", "utf8mb4_unicode_ci"), None, _COLLATIONS, True),
    ("common", "connect_timeout", "10", ("20", "30"), None, "2-31536000", False),
    ("common", "event_scheduler", "OFF", ("ON",), None, "ON|OFF", False),
    ("common", "explicit_defaults_for_timestamp", "OFF", ("ON",), None, "ON|OFF", True),
    ("performance", "innodb_buffer_pool_size", "536870912", ("1073741824", "2147483648"), "figure", "5242880-2147483648", True),
    ("common", "innodb_flush_log_at_trx_commit", "1", ("2",), None, "0|1|2", False),
    ("performance", "innodb_io_capacity", "200", ("2000", "12000"), "figure", "100-18446744073709551615", False),
    ("common", "innodb_lock_wait_timeout", "50", ("120", "30"), None, "1-1073741824", False),
    ("performance", "innodb_log_buffer_size", "16777216", ("67108864",), "figure", "262144-4294967295", True),
    ("performance", "join_buffer_size", "262144", ("2097152",), "figure", "128-18446744073709547520", False),
    ("performance", "key_buffer_size", "8388608", ("16777216", "33554432"), "figure", "8-9223372036854771712", False),
    ("performance", "long_query_time", "10.000000", ("1.000000", "2.000000"), "figure", "0.03-3600", False),
    ("common", "lower_case_table_names", "0", ("1",), None, "0|1", True),
    ("common", "max_allowed_packet", "67108864", ("1073741824", "4194304"), None, "1024-1073741824", False),
    ("common", "max_connections", "151", ("2500", "800", "5000"), None, "1-100000", False),
    ("common", "net_read_timeout", "30", ("60",), None, "1-31536000", False),
    ("common", "net_write_timeout", "60", ("120",), None, "1-31536000", False),
    ("performance", "read_buffer_size", "131072", ("262144",), "figure", "8192-2147479552", False),
    ("performance", "read_rnd_buffer_size", "262144", ("524288",), "figure", "1-2147483647", False),
    ("performance", "sort_buffer_size", "262144", ("524288", "2097152"), "figure", "32768-18446744073709551615", False),
    ("common", "sql_mode", _DEFAULT_SQL_MODE, ("STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION", ""), None, _SQL_MODES, False),
    ("performance", "sync_binlog", "1", ("1000",), None, "0-4294967295", False),
    ("common", "time_zone", "SYSTEM", ("UTC", "+08:00"), None, _TIME_ZONES, False),
    ("performance", "tmp_table_size", "16777216", ("67108864",), "figure", "1024-18446744073709551615", False),
    ("common", "tx_isolation", "REPEATABLE-READ", ("READ-COMMITTED",), None,
     "READ-UNCOMMITTED|READ-COMMITTED|REPEATABLE-READ|SERIALIZABLE", False),
    ("common", "wait_timeout", "28800", ("3600", "600"), None, "1-31536000", False),
)


def db_params(rng: random.Random, engine_type: Any) -> list[JSONDict]:
    """The ``params`` rows of 4.1.9 (``Params``): 30 MySQL parameters sorted by name, 3–6 of
    which differ between source and destination (``compare_result`` ``"false"``).

    ``compare_result`` and ``need_restart`` are the strings ``"true"``/``"false"``;
    ``data_type`` is ``"figure"`` for sizes/durations and ``None`` otherwise, as in the seed.
    Parameter comparison exists only for MySQL (seed 4.1.9 constraints): other engines get ``[]``.
    """
    if engine_family(engine_type) != "mysql":
        return []
    differing = set(rng.sample([p[1] for p in _MYSQL_PARAMS], rng.randint(3, 6)))
    rows: list[JSONDict] = []
    for group, key, src, alts, data_type, value_range, restart in _MYSQL_PARAMS:
        dst = rng.choice(alts) if key in differing else src
        rows.append(
            {
                "group": group,
                "key": key,
                "source_value": src,
                "target_value": dst,
                "compare_result": "true" if dst == src else "false",
                "data_type": data_type,
                "value_range": value_range,
                "need_restart": "true" if restart else "false",
            }
        )
    return rows


# ---------------------------------------------------------------------------------------------
# the simulated databases
# ---------------------------------------------------------------------------------------------

# table: (name, (min rows, max rows), primary key columns, primary key kind, secondary indexes)
_Rel = tuple[str, tuple[int, int], tuple[str, ...], str, tuple[str, ...]]

_RELATIONAL: dict[str, tuple[_Rel, ...]] = {
    "shop": (
        ("customers", (20_000, 800_000), ("id",), "int", ("uk_email", "idx_created_at")),
        ("orders", (100_000, 5_000_000), ("id",), "int", ("idx_customer_id", "idx_status_created_at")),
        ("order_items", (250_000, 12_000_000), ("order_id", "line_no"), "int", ("idx_product_id",)),
        ("products", (500, 60_000), ("id",), "int", ("uk_sku", "idx_category_id")),
        ("inventory", (1_000, 200_000), ("id",), "int", ("uk_product_warehouse",)),
        ("payments", (80_000, 4_000_000), ("id",), "int", ("idx_order_id", "idx_paid_at")),
        ("shipments", (60_000, 3_000_000), ("id",), "int", ("idx_order_id", "idx_tracking_no")),
        ("carts", (5_000, 400_000), ("id",), "int", ("idx_customer_id", "idx_updated_at")),
        ("coupons", (50, 5_000), ("id",), "int", ("uk_code",)),
    ),
    "crm": (
        ("accounts", (2_000, 150_000), ("id",), "int", ("idx_owner_id", "uk_domain")),
        ("contacts", (10_000, 900_000), ("id",), "int", ("idx_account_id", "idx_email")),
        ("leads", (5_000, 500_000), ("id",), "int", ("idx_status", "idx_created_at")),
        ("opportunities", (1_000, 120_000), ("id",), "int", ("idx_account_id", "idx_stage_close_date")),
        ("activities", (50_000, 6_000_000), ("id",), "int", ("idx_contact_id_at",)),
        ("campaigns", (20, 2_000), ("id",), "int", ("uk_name",)),
    ),
    "billing": (
        ("invoices", (20_000, 2_000_000), ("id",), "int", ("idx_account_id", "idx_due_date")),
        ("invoice_lines", (60_000, 8_000_000), ("invoice_id", "line_no"), "int", ("idx_sku",)),
        ("subscriptions", (2_000, 300_000), ("id",), "int", ("idx_account_id", "idx_renews_at")),
        ("refunds", (200, 60_000), ("id",), "int", ("idx_invoice_id",)),
        ("tax_rates", (10, 300), ("id",), "int", ("uk_region_category",)),
        ("payment_methods", (2_000, 400_000), ("id",), "int", ("idx_account_id",)),
    ),
    "ops": (
        ("audit_log", (1_000_000, 40_000_000), ("id",), "int", ("idx_actor_id", "idx_created_at")),
        ("user_sessions", (10_000, 2_000_000), ("session_id",), "uuid", ("idx_user_id", "idx_expires_at")),
        ("event_outbox", (1_000, 300_000), ("id",), "int", ("idx_published_at",)),
        ("job_runs", (5_000, 900_000), ("id",), "int", ("idx_job_name_started_at",)),
    ),
}

_REL_OBJECTS: dict[str, dict[str, tuple[str, ...]]] = {
    "shop": {
        "views": ("v_order_summary", "v_daily_sales"),
        "routines": ("sp_close_stale_orders", "fn_order_total"),
        "triggers": ("trg_orders_bu", "trg_inventory_au"),
        "events": ("ev_purge_expired_carts",),
    },
    "crm": {"views": ("v_open_opportunities",), "routines": ("sp_merge_contacts",), "triggers": ("trg_contacts_bi",), "events": ()},
    "billing": {
        "views": ("v_outstanding_invoices", "v_mrr_by_month"),
        "routines": ("sp_generate_invoices", "fn_tax_amount"),
        "triggers": ("trg_invoices_bu",),
        "events": ("ev_monthly_invoice_run",),
    },
    "ops": {"views": ("v_recent_failures",), "routines": ("sp_purge_audit_log",), "triggers": (), "events": ("ev_rotate_audit_log",)},
}

_MONGO: dict[str, tuple[_Rel, ...]] = {
    "shop": (
        ("orders", (100_000, 5_000_000), ("_id",), "objectid", ("customer_id_1", "status_1_created_at_-1")),
        ("customers", (20_000, 800_000), ("_id",), "objectid", ("email_1",)),
        ("products", (500, 60_000), ("_id",), "objectid", ("sku_1", "category_1")),
        ("carts", (5_000, 400_000), ("_id",), "objectid", ("customer_id_1", "updated_at_1")),
        ("reviews", (10_000, 1_500_000), ("_id",), "objectid", ("product_id_1_created_at_-1",)),
    ),
    "analytics": (
        ("events", (1_000_000, 30_000_000), ("_id",), "objectid", ("ts_-1", "user_id_1_ts_-1")),
        ("page_views", (500_000, 20_000_000), ("_id",), "objectid", ("url_1",)),
        ("sessions", (20_000, 3_000_000), ("_id",), "objectid", ("expires_at_1",)),
    ),
    "crm": (
        ("contacts", (10_000, 900_000), ("_id",), "objectid", ("email_1",)),
        ("accounts", (2_000, 150_000), ("_id",), "objectid", ("name_1",)),
        ("activities", (50_000, 6_000_000), ("_id",), "objectid", ("contact_id_1_at_-1",)),
    ),
}
_MONGO_VIEWS = {"shop": ("orders_by_status",), "analytics": ("daily_active_users",), "crm": ()}

_OBJECT_TYPES = {
    "mysql": ("DB", "TABLE", "VIEW", "INDEX", "ROUTINE", "TRIGGER", "EVENT"),
    "postgresql": ("DB", "TABLE", "VIEW", "INDEX", "FUNCTION", "PROCEDURE", "TRIGGER"),
    "mongodb": ("DB", "TABLE", "VIEW", "INDEX"),
}


def _index_names(fam: str, table: str, pk: Sequence[str], secondary: Sequence[str]) -> list[str]:
    if fam == "mongodb":
        return ["_id_", *secondary]
    if fam == "postgresql":
        names = [f"{table}_pkey"] if pk else []
        for idx in secondary:
            stem = idx.split("_", 1)[1]
            names.append(f"{table}_{stem}_{'key' if idx.startswith('uk_') else 'idx'}")
        return names
    return (["PRIMARY"] if pk else []) + list(secondary)


def table_entry(
    name: str,
    rows: int,
    *,
    pk: Sequence[str] = ("id",),
    pk_type: str = "int",
    indexes: Sequence[str] | None = None,
    only_in_source: int = 0,
    only_in_target: int = 0,
    changed: int = 0,
    target_rows: int | None = None,
    filter: str | None = None,  # noqa: A002 - wire-ish name
) -> JSONDict:
    """One table of a schema entry.

    ``rows`` = source rows; ``only_in_source`` rows are missing on the destination,
    ``only_in_target`` exist only there, ``changed`` exist on both sides with different values.
    ``target_rows`` defaults to ``rows - only_in_source + only_in_target``. A table with an empty
    ``pk`` cannot be value-compared (it is "uncomparable" in 4.1.30/4.1.31). ``pk_type`` is
    ``int``, ``uuid`` or ``objectid`` and shapes the key values of difference rows.
    """
    if target_rows is None:
        target_rows = rows - only_in_source + only_in_target
    return {
        "name": name,
        "rows": int(rows),
        "target_rows": int(target_rows),
        "pk": list(pk),
        "pk_type": pk_type,
        "indexes": list(indexes) if indexes is not None else (["PRIMARY"] if pk else []),
        "only_in_source": int(only_in_source),
        "only_in_target": int(only_in_target),
        "changed": int(changed),
        "filter": filter,
    }


def db_entry(
    db: str,
    tables: Sequence[JSONDict],
    *,
    engine: Any = "mysql",
    seed: int = 0,
    target_db: str | None = None,
    views: Sequence[str] = (),
    routines: Sequence[str] = (),
    triggers: Sequence[str] = (),
    events: Sequence[str] = (),
    object_diffs: Sequence[Mapping[str, Any]] = (),
) -> JSONDict:
    """One database of a schema. ``object_diffs`` entries are ``{type, name, kind, message}``
    with ``kind`` ``missing`` (not on the destination), ``extra`` (only on the destination) or
    ``different`` (definitions differ); ``name`` is the object value as 4.1.35 shows it."""
    return {
        "db": db,
        "target_db": target_db or db,
        "engine": engine_family(engine),
        "seed": int(seed),
        "tables": [dict(t) for t in tables],
        "views": list(views),
        "routines": list(routines),
        "triggers": list(triggers),
        "events": list(events),
        "object_diffs": [dict(d) for d in object_diffs],
    }


def _index_value(fam: str, table: str, index: str) -> str:
    # MySQL shows "table`.`index" (seed 4.1.18 example), others "table.index".
    return f"{table}`.`{index}" if fam == "mysql" else f"{table}.{index}"


def task_schema(rng: random.Random, engine: Any, *, databases: Sequence[str] | None = None) -> Schema:
    """The simulated source databases of a task: ``[{db, target_db, engine, seed, tables:
    [{name, rows, target_rows, pk, pk_type, indexes, only_in_source, only_in_target, changed,
    filter}], views, routines, triggers, events, object_diffs}]``.

    2–3 databases (or exactly ``databases`` when the task selected some; unknown names get the
    tables of a random catalog database) with realistic table names and log-uniform row counts.
    1–3 tables drift (rows missing on the destination and/or changed values; the first always
    has a row-count difference), an ``audit_log`` may lack a primary key (value comparison
    cannot compare it) or carry a row filter, and 1–3 objects differ (a missing index, a view
    with another DEFINER, a trigger not yet created, …). JSON-ready, so it can be stored.
    """
    fam = engine_family(engine)
    catalog = _MONGO if fam == "mongodb" else _RELATIONAL
    names = list(catalog)
    if databases:
        chosen = [str(d) for d in databases]
    else:
        picked_dbs = set(rng.sample(names, rng.randint(2, min(3, len(names)))))
        chosen = [n for n in names if n in picked_dbs]

    schema: Schema = []
    for dbname in chosen:
        spec_key = dbname if dbname in catalog else rng.choice(names)
        specs = catalog[spec_key]
        k = rng.randint(min(3, len(specs)), len(specs))
        picked = set(rng.sample(range(len(specs)), k))
        tables: list[JSONDict] = []
        orders_rows = None
        for i, (tname, (lo, hi), pk, pk_type, secondary) in enumerate(specs):
            if i not in picked:
                continue
            rows = _log_uniform(rng, lo, hi)
            if tname == "orders":
                orders_rows = rows
            if tname == "order_items" and orders_rows:
                rows = int(orders_rows * rng.uniform(2.1, 3.4))
            t_pk: Sequence[str] = pk
            flt = None
            if tname == "audit_log" and fam != "mongodb":
                roll = rng.random()
                if roll < 0.35:
                    t_pk = ()
                elif roll < 0.65:
                    flt = "created_at >= '2024-01-01 00:00:00'"
            tables.append(
                table_entry(
                    tname, rows, pk=t_pk, pk_type=pk_type,
                    indexes=_index_names(fam, tname, t_pk, secondary), filter=flt,
                )
            )
        if fam == "mongodb":
            objs = {"views": _MONGO_VIEWS.get(spec_key, ()), "routines": (), "triggers": (), "events": ()}
        else:
            objs = dict(_REL_OBJECTS.get(spec_key, {}))
            if fam == "postgresql":
                objs["events"] = ()
        schema.append(
            db_entry(
                dbname, tables, engine=fam, seed=rng.getrandbits(48),
                views=objs.get("views", ()), routines=objs.get("routines", ()),
                triggers=objs.get("triggers", ()), events=objs.get("events", ()),
            )
        )

    # --- data drift -------------------------------------------------------------------------
    keyed = [(d, t) for d in schema for t in d["tables"] if t["pk"]]
    if keyed:
        for n, (d, t) in enumerate(rng.sample(keyed, min(len(keyed), rng.randint(1, 3)))):
            big = t["rows"] > 1_000_000
            if n == 0:
                t["only_in_source"] = min(t["rows"], rng.randint(1, 40))
                t["only_in_target"] = rng.choice((0, 0, 0, rng.randint(1, 5)))
                t["changed"] = rng.randint(0, 60)
            else:
                t["changed"] = min(t["rows"], rng.randint(1, 2500 if big else 250))
                if rng.random() < 0.3:
                    t["only_in_target"] = rng.randint(1, 12)
            t["target_rows"] = t["rows"] - t["only_in_source"] + t["only_in_target"]
    for d in schema:  # a table without a primary key still shows row-count drift sometimes
        for t in d["tables"]:
            if not t["pk"] and rng.random() < 0.5:
                t["target_rows"] = t["rows"] - rng.randint(1, 30)

    # --- object drift -----------------------------------------------------------------------
    candidates: list[tuple[JSONDict, JSONDict]] = []
    for d in schema:
        fam_d = d["engine"]
        for t in d["tables"]:
            for idx in t["indexes"]:
                if idx not in ("PRIMARY", "_id_") and not idx.endswith("_pkey"):
                    candidates.append((d, {
                        "type": "INDEX", "name": _index_value(fam_d, t["name"], idx), "kind": "missing",
                        "message": "The index does not exist in the destination database.",
                    }))
        for v in d["views"]:
            candidates.append((d, {
                "type": "VIEW", "name": v, "kind": "different",
                "message": "View definitions differ: DEFINER is `root`@`localhost` on the source and "
                           "`root`@`%` on the destination." if fam_d == "mysql" else
                           "View definitions differ between the source and the destination.",
            }))
        for tr in d["triggers"]:
            candidates.append((d, {
                "type": "TRIGGER", "name": tr, "kind": "missing",
                "message": "The trigger does not exist in the destination database (triggers are created "
                           "after the full phase).",
            }))
        for ev in d["events"]:
            candidates.append((d, {
                "type": "EVENT", "name": ev, "kind": "missing",
                "message": "The event does not exist in the destination database (events are created "
                           "after the full phase).",
            }))
        for r in d["routines"]:
            rtype = "ROUTINE" if fam_d == "mysql" else ("FUNCTION" if r.startswith("fn_") else "PROCEDURE")
            candidates.append((d, {
                "type": rtype, "name": r, "kind": "different",
                "message": "Routine bodies differ: SQL SECURITY DEFINER on the source, INVOKER on the destination.",
            }))
    if candidates:
        for d, diff in rng.sample(candidates, min(len(candidates), rng.randint(1, 3))):
            d["object_diffs"].append(diff)
    return schema


def _find(schema: Schema, db: str, table: str | None = None) -> tuple[JSONDict, JSONDict | None]:
    for d in schema:
        if d["db"] == db:
            if table is None:
                return d, None
            for t in d["tables"]:
                if t["name"] == table:
                    return d, t
            raise KeyError(f"table {db}.{table} not in schema")
    raise KeyError(f"database {db} not in schema")


# ---------------------------------------------------------------------------------------------
# 4.1.34 / 4.1.35 object comparison
# ---------------------------------------------------------------------------------------------


def _object_rows(d: JSONDict, otype: str) -> list[JSONDict]:
    fam = d["engine"]
    tables = d["tables"]
    if otype == "DB":
        names = [d["db"]]
    elif otype == "TABLE":
        names = [t["name"] for t in tables]
    elif otype == "VIEW":
        names = list(d["views"])
    elif otype == "INDEX":
        names = [_index_value(fam, t["name"], i) for t in tables for i in t["indexes"]]
    elif otype == "ROUTINE":
        names = list(d["routines"])
    elif otype == "FUNCTION":
        names = [r for r in d["routines"] if r.startswith("fn_")]
    elif otype == "PROCEDURE":
        names = [r for r in d["routines"] if not r.startswith("fn_")]
    elif otype == "TRIGGER":
        names = list(d["triggers"])
    elif otype == "EVENT":
        names = list(d["events"])
    else:
        names = []
    diffs = {x["name"]: x for x in d["object_diffs"] if x["type"] == otype}
    src_db, dst_db = d["db"], d["target_db"]
    rows: list[JSONDict] = []
    for name in names:
        diff = diffs.get(name)
        if diff is None or diff["kind"] == "extra":
            rows.append({"source_db_name": src_db, "target_db_name": dst_db, "source_db_value": name,
                         "target_db_value": dst_db if otype == "DB" else name, "status": 2, "error_message": None})
        elif diff["kind"] == "missing":
            rows.append({"source_db_name": src_db, "target_db_name": dst_db, "source_db_value": name,
                         "target_db_value": None, "status": 0, "error_message": diff.get("message")})
        else:
            rows.append({"source_db_name": src_db, "target_db_name": dst_db, "source_db_value": name,
                         "target_db_value": name, "status": 0, "error_message": diff.get("message")})
    for name, diff in diffs.items():
        if diff["kind"] == "extra" and name not in names:
            rows.append({"source_db_name": src_db, "target_db_name": dst_db, "source_db_value": None,
                         "target_db_value": name, "status": 0, "error_message": diff.get("message")})
    return rows


def _object_types(schema: Schema) -> tuple[str, ...]:
    fam = schema[0]["engine"] if schema else "mysql"
    return _OBJECT_TYPES.get(fam, _OBJECT_TYPES["mysql"])


def object_compare_details(schema: Schema, rng: random.Random | None = None, compare_type: str = "TABLE") -> list[JSONDict]:
    """All ``compare_detail`` rows of 4.1.35 (``ObjectsCompareDetailInfo``) for one object type:
    ``{source_db_name, target_db_name, source_db_value, target_db_value, status, error_message}``
    — one per object; ``status`` 2 consistent, 0 inconsistent (missing on one side → that value
    is ``None``; differing definitions → both values, ``error_message`` says what differs)."""
    ctype = str(getattr(compare_type, "value", compare_type)).upper()
    return [row for d in schema for row in _object_rows(d, ctype)]


def object_compare_overview(schema: Schema, rng: random.Random | None = None) -> list[JSONDict]:
    """``compare_result`` of 4.1.34 (``ObjectsCompareOverviewInfo``): ``{type, source_count,
    target_count, status}`` for DB, TABLE, VIEW, INDEX, ROUTINE, TRIGGER, EVENT (MySQL; PostgreSQL
    has FUNCTION/PROCEDURE instead of ROUTINE/EVENT; MongoDB DB/TABLE/VIEW/INDEX). Counts equal
    the non-null values of `object_compare_details`; status 0 when any detail row is 0, else 2."""
    out: list[JSONDict] = []
    for otype in _object_types(schema):
        rows = object_compare_details(schema, None, otype)
        out.append({
            "type": otype,
            "source_count": sum(1 for r in rows if r["source_db_value"] is not None),
            "target_count": sum(1 for r in rows if r["target_db_value"] is not None),
            "status": 0 if any(r["status"] == 0 for r in rows) else 2,
        })
    return out


# ---------------------------------------------------------------------------------------------
# comparison progress (shared by row and value comparison)
# ---------------------------------------------------------------------------------------------

_UNCOMPARABLE_ROWS = 100_000_000  # CompareStatusCode 23: more than 100 million rows


def _progress_map(schema: Schema, progress: float) -> dict[tuple[str, str], tuple[str, float]]:
    """(db, table) -> (state, fraction) with state done/running/waiting; tables are compared in
    schema order and ``progress`` (0..1) is the share of tables finished."""
    order = [(d["db"], t["name"]) for d in schema for t in d["tables"]]
    n = len(order)
    p = _clamp01(progress)
    pos = p * n
    done = n if p >= 1.0 else int(pos)
    out: dict[tuple[str, str], tuple[str, float]] = {}
    for i, key in enumerate(order):
        if i < done:
            out[key] = ("done", 1.0)
        elif i == done:
            out[key] = ("running", pos - done)
        else:
            out[key] = ("waiting", 0.0)
    return out


def _line_status(t: JSONDict, state: str) -> int:
    if state == "waiting":
        return 6
    if state == "running":
        return 5
    if t["rows"] > _UNCOMPARABLE_ROWS:
        return 23
    return 2 if t["rows"] == t["target_rows"] else 0


def _value_diff_total(t: JSONDict) -> int:
    return t["only_in_source"] + t["only_in_target"] + t["changed"] if t["pk"] else 0


def _value_comparable(t: JSONDict) -> bool:
    return bool(t["pk"]) and t["rows"] <= _UNCOMPARABLE_ROWS


def _db_status(statuses: Sequence[int]) -> int:
    if any(s == 5 for s in statuses):
        return 5
    if statuses and all(s == 6 for s in statuses):
        return 6
    if any(s == 6 for s in statuses):
        return 5
    return 0 if any(s == 0 for s in statuses) else 2


# ---------------------------------------------------------------------------------------------
# 4.1.28 / 4.1.29 row comparison
# ---------------------------------------------------------------------------------------------


def line_details(schema: Schema, rng: random.Random | None = None, db: str = "", *, progress: float = 1.0) -> list[JSONDict]:
    """``table_line_compare_result_infos`` of 4.1.29 (``TableLineCompareResultInfo``) for one
    source database: ``{source_table_name, source_row_num, target_table_name, target_row_num,
    difference_row_num, status, compare_line_config_filter}``. ``status`` is a CompareStatusCode:
    2 consistent, 0 row counts differ, 5 comparing, 6 waiting, 23 over 100 million rows; row
    numbers are ``None`` until the table is compared. ``progress`` (0..1) = share of the task's
    tables already compared."""
    d, _ = _find(schema, db)
    pmap = _progress_map(schema, progress)
    rows: list[JSONDict] = []
    for t in d["tables"]:
        state, _f = pmap[(d["db"], t["name"])]
        status = _line_status(t, state)
        finished = state == "done" and status != 23
        rows.append({
            "source_table_name": t["name"],
            "source_row_num": t["rows"] if finished else None,
            "target_table_name": t["name"],
            "target_row_num": t["target_rows"] if finished else None,
            "difference_row_num": abs(t["rows"] - t["target_rows"]) if finished else None,
            "status": status,
            "compare_line_config_filter": t.get("filter"),
        })
    return rows


def line_overview(schema: Schema, rng: random.Random | None = None, *, progress: float = 1.0) -> list[JSONDict]:
    """``data_compare_overview_infos`` of 4.1.28 (``DataCompareOverviewInfo``), one per database:
    ``{source_db_name, target_db_name, status, compare_num, compare_end_num,
    data_inconsistent_num, uncomparable_num}`` — aggregated from `line_details`, so the numbers
    always match. ``status``: 5 comparing, 6 waiting, 0 any table inconsistent, 2 consistent."""
    out: list[JSONDict] = []
    for d in schema:
        details = line_details(schema, None, d["db"], progress=progress)
        statuses = [r["status"] for r in details]
        out.append({
            "source_db_name": d["db"],
            "target_db_name": d["target_db"],
            "status": _db_status(statuses),
            "compare_num": len(details),
            "compare_end_num": sum(1 for s in statuses if s not in (5, 6)),
            "data_inconsistent_num": sum(1 for s in statuses if s == 0),
            "uncomparable_num": sum(1 for s in statuses if s == 23),
        })
    return out


# ---------------------------------------------------------------------------------------------
# 4.1.30 – 4.1.32 value comparison
# ---------------------------------------------------------------------------------------------

_NO_PK_MESSAGE = "The table has no primary key or unique index, so its values cannot be compared."
_TOO_BIG_MESSAGE = "The table has more than 100 million rows and was not compared."


def _shards(rows: int) -> int:
    return max(1, min(256, math.ceil(rows / 120_000)))


def content_details(
    schema: Schema,
    rng: random.Random | None = None,
    db: str = "",
    *,
    progress: float = 1.0,
    type: str | None = None,  # noqa: A002 - the query parameter's wire name
) -> list[JSONDict]:
    """``content_compare_result_infos`` of 4.1.31 (``NodeContentCompareDetailResult``) for one
    source database. ``type`` ``"compare"`` keeps the comparable tables, ``"unCompare"`` the
    others (no primary key, or over 100 million rows), ``None`` both.

    ``line_compare_result``/``content_compare_result`` are booleans (``None`` until finished,
    ``content_compare_result`` ``None`` for uncomparable tables); ``difference_row_num`` is the
    number of differing rows (= the 4.1.32 ``count``); ``status`` is the shard status
    1 comparing, 2 complete, 3 pending (reference 4.1.31 UNSURE); ``progress`` 0–100.
    """
    d, _ = _find(schema, db)
    pmap = _progress_map(schema, progress)
    rows: list[JSONDict] = []
    for t in d["tables"]:
        comparable = _value_comparable(t)
        if type == "compare" and not comparable:
            continue
        if type == "unCompare" and comparable:
            continue
        state, frac = pmap[(d["db"], t["name"])]
        shards = _shards(t["rows"]) if comparable else 0
        if not comparable:
            state, frac = "done", 1.0
        done = state == "done"
        diff = _value_diff_total(t)
        rows.append({
            "source_db": d["db"],
            "target_db": d["target_db"],
            "source_table_name": t["name"],
            "target_table_name": t["name"],
            "source_row_num": t["rows"] if done else None,
            "target_row_num": t["target_rows"] if done else None,
            "difference_row_num": diff if done and comparable else None,
            "line_compare_result": (t["rows"] == t["target_rows"]) if done else None,
            "content_compare_result": (diff == 0) if done and comparable else None,
            "message": None if comparable else (_NO_PK_MESSAGE if not t["pk"] else _TOO_BIG_MESSAGE),
            "compare_line_config_filter": t.get("filter"),
            "status": 2 if done else (1 if state == "running" else 3),
            "complete_shard_count": shards if done else int(shards * frac),
            "total_shard_count": shards,
            "progress": 100.0 if done else round(frac * 100.0, 1),
        })
    return rows


def content_overview(schema: Schema, rng: random.Random | None = None, *, progress: float = 1.0) -> list[JSONDict]:
    """``content_compare_result_infos`` of 4.1.30 (``NodeContentCompareOverviewResult``), one
    per database: ``{source_db, target_db, status, compare_num, compare_end_num,
    data_inconsistent_num, uncomparable_num}`` (note ``source_db``, not ``source_db_name``).
    ``status`` is a CompareStatusCode (5 comparing, 6 waiting, 0 inconsistent, 2 consistent);
    a table is inconsistent when it has value differences or its row counts differ."""
    out: list[JSONDict] = []
    for d in schema:
        rows = content_details(schema, None, d["db"], progress=progress)
        statuses: list[int] = []
        uncomparable = 0
        for r in rows:
            if r["content_compare_result"] is None and r["status"] == 2:
                uncomparable += 1
                statuses.append(2)
            elif r["status"] == 1:
                statuses.append(5)
            elif r["status"] == 3:
                statuses.append(6)
            else:
                statuses.append(2 if r["content_compare_result"] and r["line_compare_result"] else 0)
        out.append({
            "source_db": d["db"],
            "target_db": d["target_db"],
            "status": _db_status(statuses),
            "compare_num": len(rows),
            "compare_end_num": sum(1 for r in rows if r["status"] == 2),
            "data_inconsistent_num": sum(1 for s in statuses if s == 0),
            "uncomparable_num": uncomparable,
        })
    return out


def content_difference_counts(schema: Schema, db: str, table: str) -> JSONDict:
    """The 4.1.32 totals for a table: ``{count, target_meta_is_null (rows only in the source),
    source_meta_is_null (rows only in the destination), source_target_meta_not_null (rows on
    both sides with different values)}``; all 0 for a table without a primary key."""
    _, t = _find(schema, db, table)
    assert t is not None
    if not t["pk"]:
        return {"count": 0, "target_meta_is_null": 0, "source_meta_is_null": 0, "source_target_meta_not_null": 0}
    a, b, c = t["only_in_source"], t["only_in_target"], t["changed"]
    return {"count": a + b + c, "target_meta_is_null": a, "source_meta_is_null": b, "source_target_meta_not_null": c}


class _DiffRows:
    """Row ``i`` of a table's value-difference list, computed in O(1).

    Rows are ordered by primary key. Categories are spread evenly (Bresenham): row ``i`` is
    "only in source" when ``floor((i+1)a/T) > floor(ia/T)``; among the others (ordinal ``j``)
    "only in target" when ``floor((j+1)b/M) > floor(jb/M)``; else "changed". This gives exactly
    ``a``/``b``/``c`` rows of each kind. Keys strictly increase with ``i``.
    """

    def __init__(self, d: JSONDict, t: JSONDict, seed: int) -> None:
        self.fam = d["engine"]
        self.db, self.tdb = d["db"], d["target_db"]
        self.table = t["name"]
        self.pk = list(t["pk"])
        self.pk_type = t.get("pk_type", "int")
        self.a, self.b, self.c = t["only_in_source"], t["only_in_target"], t["changed"]
        self.total = self.a + self.b + self.c
        self.base = _h64(seed, self.db, self.table)
        span = max(t["rows"] + self.b, self.total, 1)
        self.step = max(1, span // max(self.total, 1))

    def category(self, i: int) -> str:
        a, b, total = self.a, self.b, self.total
        if a and ((i + 1) * a) // total > (i * a) // total:
            return "source_only"
        j = i - (i * a) // total
        m = total - a
        if b and ((j + 1) * b) // m > (j * b) // m:
            return "target_only"
        return "changed"

    def _values(self, i: int) -> list[tuple[str, Any, bool]]:
        """[(column, value, is_string)] of row i's key."""
        h = _mix((self.base + i) & _M64)
        if self.pk_type == "objectid":
            ts = 0x60000000 + self.base % 0x08000000 + i * self.step  # creation seconds, increasing
            oid = f"{ts & 0xFFFFFFFF:08x}{h:016x}"
            return [(self.pk[0], oid, True)]
        if self.pk_type == "uuid":
            hx = f"{h:016x}{_mix(h):016x}"
            return [(self.pk[0], f"{hx[:8]}-{hx[8:12]}-4{hx[13:16]}-a{hx[17:20]}-{hx[20:]}", True)]
        first = 1 + i * self.step + (h % self.step)
        vals: list[tuple[str, Any, bool]] = [(self.pk[0], first, False)]
        for extra, col in enumerate(self.pk[1:], start=1):
            vals.append((col, 1 + (h >> (13 * extra)) % 8, False))
        return vals

    def _sql(self, vals: list[tuple[str, Any, bool]], db: str) -> str:
        if self.fam == "mongodb":
            col, v, _s = vals[0]
            return f'db.getSiblingDB("{db}").{self.table}.find({{"{col}": ObjectId("{v}")}})'
        if self.fam == "postgresql":
            cond = " and ".join(f"\"{c}\" = {f'{chr(39)}{v}{chr(39)}' if s else v}" for c, v, s in vals)
            return f'select * from "public"."{self.table}" where {cond}'
        cond = " and ".join(f"`{c}` = {f'{chr(39)}{v}{chr(39)}' if s else v}" for c, v, s in vals)
        return f"select * from `{db}`.`{self.table}` where {cond}"

    def row(self, i: int) -> JSONDict:
        vals = self._values(i)
        if self.fam == "mongodb":
            keys = [f"{c}=ObjectId('{v}')" for c, v, _s in vals]
        else:
            keys = [f"{c}={v}" for c, v, _s in vals]
        cat = self.category(i)
        return {
            "source_key_value": [] if cat == "target_only" else keys,
            "target_key_value": [] if cat == "source_only" else list(keys),
            "select_sql": self._sql(vals, self.db),
            "target_select_sql": self._sql(vals, self.tdb),
        }


def _diff_rows(schema: Schema, seed: int | None, db: str, table: str) -> _DiffRows | None:
    d, t = _find(schema, db, table)
    assert t is not None
    if not t["pk"]:
        return None
    return _DiffRows(d, t, d.get("seed", 0) if seed is None else seed)


def content_difference_page(
    schema: Schema, seed: int | None, db: str, table: str, offset: int, limit: int
) -> list[JSONDict]:
    """``contents_infos`` rows ``[offset, offset+limit)`` of a table's value differences
    (``CompareJobContentDetailInfo``: ``{source_key_value, target_key_value, select_sql,
    target_select_sql}``), computed without building the list — O(limit) for any offset.
    ``seed`` ``None`` uses the database entry's seed. Key values look like ``id=1042``
    (composite keys give one string per column); the SQL is engine-flavoured, e.g.
    ``select * from `shop`.`orders` where `id` = 1042``. Rows only in the source have an empty
    ``target_key_value`` and vice versa."""
    gen = _diff_rows(schema, seed, db, table)
    if gen is None:
        return []
    start = max(0, int(offset))
    end = min(gen.total, start + max(0, int(limit)))
    return [gen.row(i) for i in range(start, end)]


def iter_content_differences(schema: Schema, db: str, table: str, seed: int | None = None) -> Iterator[JSONDict]:
    """Lazily yield every value-difference row of a table (same rows as the pages)."""
    gen = _diff_rows(schema, seed, db, table)
    if gen is None:
        return
    for i in range(gen.total):
        yield gen.row(i)


def content_differences(
    schema: Schema, rng: random.Random | None = None, db: str = "", table: str = "", n: int = 1000, offset: int = 0
) -> JSONDict:
    """The whole 4.1.32 body for one page: the `content_difference_counts` totals plus
    ``contents_infos`` = `content_difference_page` (``offset``, ``n``)."""
    body = content_difference_counts(schema, db, table)
    body["contents_infos"] = content_difference_page(schema, None, db, table, offset, n)
    return body


# ---------------------------------------------------------------------------------------------
# 4.1.18 composite comparison results
# ---------------------------------------------------------------------------------------------

_STATUS_TEXT = {0: "INCONSISTENT", 2: "CONSISTENT", 5: "COMPARING", 6: "WAITING_FOR_COMPARISON",
                23: "CAN_NOT_COMPARE", 4: "FAILED_TO_COMPARE", 27: "FAILED_TO_COMPARE",
                3: "TARGET_DB_NOT_EXIT", 12: "TARGET_DB_NOT_EXIT", 22: "TARGET_DB_NOT_EXIT"}


def compare_status_text(code: int) -> str:
    """The 4.1.18 result string for a CompareStatusCode (``TARGET_DB_NOT_EXIT`` sic)."""
    return _STATUS_TEXT.get(int(code), "CAN_NOT_COMPARE")


def _page(items: Sequence[Any], current_page: int, per_page: int) -> list[Any]:
    if per_page <= 0:
        return list(items)
    start = (max(1, current_page) - 1) * per_page
    return list(items[start:start + per_page])


def query_compare_result(
    job_id: str,
    schema: Schema,
    *,
    object_compare_id: str | None = None,
    line_compare_id: str | None = None,
    content_compare_id: str | None = None,
    compare_tasks: Sequence[Mapping[str, Any]] = (),
    current_page: int = 1,
    per_page: int = 10,
    line_progress: float = 1.0,
    content_progress: float = 1.0,
) -> JSONDict:
    """The 4.1.18 response (``ListCompareResultResponse``) built from the pieces above.

    A section is present only when its comparison id is given: ``object_level_compare_results``
    (overview with ``object_compare_result`` strings and ``diff_count``; details as a map
    type → rows), ``line_compare_results`` and ``content_compare_results`` (overview + per-db
    details + ``content_compare_diffs`` with the first differences of every differing table,
    using ``source_select_sql`` as 4.1.18 names it). ``compare_task_list_results`` wraps
    ``compare_tasks`` (``{compare_task_id, compare_type, compare_task_status, create_time,
    end_time}``, given by the caller). Lists of databases and object types are complete;
    lists of tables, objects, difference rows and comparison tasks are paged by
    ``current_page``/``per_page`` (``per_page`` ≤ 0 = everything); ``*_count`` are totals.
    """
    pg = lambda xs: _page(xs, current_page, per_page)  # noqa: E731
    body: JSONDict = {"job_id": job_id}

    if object_compare_id:
        overview, details = [], {}
        for row in object_compare_overview(schema):
            rows = object_compare_details(schema, None, row["type"])
            diff = sum(1 for r in rows if r["status"] == 0)
            overview.append({
                "object_type": row["type"],
                "object_compare_result": "CONSISTENT" if diff == 0 else "INCONSISTENT",
                "source_count": row["source_count"],
                "target_count": row["target_count"],
                "diff_count": diff,
            })
            details[row["type"]] = [
                {k: r[k] for k in ("source_db_name", "target_db_name", "source_db_value", "target_db_value", "error_message")}
                for r in pg(rows)
            ]
        body["object_level_compare_results"] = {
            "compare_task_id": object_compare_id,
            "object_compare_overview": overview,
            "object_compare_details": details,
        }

    if line_compare_id:
        ov = line_overview(schema, progress=line_progress)
        line_details_out = []
        for d in schema:
            rows = line_details(schema, None, d["db"], progress=line_progress)
            line_details_out.append({
                "source_db_name": d["db"],
                "line_compare_detail": [
                    {
                        "source_table_name": r["source_table_name"],
                        "target_table_name": r["target_table_name"],
                        "source_row_num": r["source_row_num"],
                        "target_row_num": r["target_row_num"],
                        "diff_row_num": r["difference_row_num"],
                        "line_compare_result": compare_status_text(r["status"]),
                        "message": _TOO_BIG_MESSAGE if r["status"] == 23 else None,
                    }
                    for r in pg(rows)
                ],
                "line_compare_detail_count": len(rows),
            })
        body["line_compare_results"] = {
            "compare_task_id": line_compare_id,
            "line_compare_overview": [
                {"source_db_name": o["source_db_name"], "target_db_name": o["target_db_name"],
                 "line_compare_result": compare_status_text(o["status"])}
                for o in ov
            ],
            "line_compare_overview_count": len(ov),
            "line_compare_details": line_details_out,
        }

    if content_compare_id:
        ov = content_overview(schema, progress=content_progress)
        details_out, diffs_out = [], []

        def text_row(r: JSONDict) -> JSONDict:
            if r["status"] != 2:
                line_txt = content_txt = "COMPARING" if r["status"] == 1 else "WAITING_FOR_COMPARISON"
            else:
                line_txt = "CONSISTENT" if r["line_compare_result"] else "INCONSISTENT"
                content_txt = ("CAN_NOT_COMPARE" if r["content_compare_result"] is None
                               else "CONSISTENT" if r["content_compare_result"] else "INCONSISTENT")
            return {
                "source_db_name": r["source_db"], "target_db_name": r["target_db"],
                "source_table_name": r["source_table_name"], "target_table_name": r["target_table_name"],
                "source_row_num": r["source_row_num"], "target_row_num": r["target_row_num"],
                "diff_row_num": r["difference_row_num"],
                "line_compare_result": line_txt, "content_compare_result": content_txt, "message": r["message"],
            }

        for d in schema:
            comp = content_details(schema, None, d["db"], progress=content_progress, type="compare")
            uncomp = content_details(schema, None, d["db"], progress=content_progress, type="unCompare")
            details_out.append({
                "source_db_name": d["db"],
                "content_compare_detail": [text_row(r) for r in pg(comp)],
                "content_compare_detail_count": len(comp),
                "content_uncompare_detail": [text_row(r) for r in pg(uncomp)],
                "content_uncompare_detail_count": len(uncomp),
            })
        differing = [
            (d["db"], r["source_table_name"])
            for d in schema
            for r in content_details(schema, None, d["db"], progress=content_progress, type="compare")
            if r["status"] == 2 and r["difference_row_num"]
        ]
        for db, table in differing:
            counts = content_difference_counts(schema, db, table)
            diffs_out.append({
                "source_db_name": db,
                "source_table_name": table,
                "content_compare_diff": [
                    {"target_select_sql": r["target_select_sql"], "source_select_sql": r["select_sql"],
                     "source_key_value": r["source_key_value"], "target_key_value": r["target_key_value"]}
                    for r in content_difference_page(
                        schema, None, db, table, (max(1, current_page) - 1) * max(per_page, 0),
                        per_page if per_page > 0 else counts["count"],
                    )
                ],
                "content_compare_diff_count": counts["count"],
            })
        body["content_compare_results"] = {
            "compare_task_id": content_compare_id,
            "content_compare_overview": [
                {"source_db_name": o["source_db"], "target_db_name": o["target_db"],
                 "content_compare_result": compare_status_text(o["status"])}
                for o in ov
            ],
            "content_compare_overview_count": len(ov),
            "content_compare_details": details_out,
            "content_compare_diffs": diffs_out,
        }

    tasks = [
        {**dict(t), **{k: str(t[k]) for k in ("create_time", "end_time") if t.get(k) is not None}}
        for t in compare_tasks
    ]
    body["compare_task_list_results"] = {
        "compare_task_list": pg(tasks),
        "compare_task_list_count": len(tasks),
    }
    return body


# ---------------------------------------------------------------------------------------------
# 4.2.2 source users
# ---------------------------------------------------------------------------------------------


def src_users(
    rng: random.Random, engine: Any, *, job_id: str | None = None, schema: Schema | None = None
) -> JSONDict:
    """The 4.2.2 body (``ListUsersResponse``): ``{job_id, is_global_password, message,
    is_success, user_list, roles_list}``. Accounts are realistic for the engine
    (``'app_rw'@'%'`` with a GRANT text for MySQL, ``admin.app_rw`` with roles for MongoDB,
    ``app_rw`` for PostgreSQL); system accounts are ``is_transfer: false``; privileges RDS
    cannot grant appear in ``no_privileges``. ``password`` is always ``None`` (never a value);
    ``selected`` is ``None`` as in the seed. ``schema`` supplies database names for grants."""
    fam = engine_family(engine)
    dbs = [d["db"] for d in schema or ()] or (["shop", "analytics"] if fam == "mongodb" else ["shop", "crm"])
    main, other = dbs[0], dbs[-1]
    users: list[JSONDict] = []
    roles: list[JSONDict] = []

    def user(account: str, privileges: str | None, roles_: Sequence[str] = (), *, transfer: bool = True,
             comment: str = "", no_priv: str | None = None, parent: str | None = None) -> JSONDict:
        return {
            "id": account, "account": account, "comment": comment, "is_transfer": transfer,
            "privileges": privileges, "password": None, "roles": list(roles_), "selected": None,
            "no_privileges": no_priv, "parent_account": parent, "no_parent_account": None,
        }

    if fam == "mysql":
        users.append(user("'root'@'localhost'", "GRANT ALL PRIVILEGES ON *.* TO 'root'@'localhost' WITH GRANT OPTION",
                          transfer=False, comment="System account; not migrated"))
        users.append(user("'mysql.sys'@'localhost'", "GRANT USAGE ON *.* TO 'mysql.sys'@'localhost'",
                          transfer=False, comment="System account; not migrated"))
        users.append(user("'app_rw'@'%'", f"GRANT SELECT, INSERT, UPDATE, DELETE ON `{main}`.* TO 'app_rw'@'%'",
                          comment="order service"))
        users.append(user("'app_ro'@'%'", "; ".join(f"GRANT SELECT ON `{d}`.* TO 'app_ro'@'%'" for d in dbs)))
        optional = [
            user("'report'@'10.%'", "GRANT SELECT, SHOW VIEW ON *.* TO 'report'@'10.%'", ["'r_reporting'@'%'"],
                 comment="BI dashboards"),
            user("'etl_loader'@'10.0.%'",
                 f"GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX ON `{other}`.* TO 'etl_loader'@'10.0.%'",
                 ["'r_app_write'@'%'"]),
            user("'dba_ops'@'%'",
                 "GRANT SELECT, RELOAD, PROCESS, SUPER, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'dba_ops'@'%'",
                 no_priv="SUPER", comment="operations"),
            user("'backup'@'localhost'", "GRANT SELECT, RELOAD, LOCK TABLES, REPLICATION CLIENT, SHOW VIEW, EVENT, "
                 "TRIGGER ON *.* TO 'backup'@'localhost'", comment="nightly xtrabackup"),
        ]
        roles = [
            {"role": "'r_reporting'@'%'", "comment": "", "is_transfer": True,
             "privileges": "GRANT SELECT ON *.* TO `r_reporting`@`%`", "inherits_roles": [], "selected": None},
            {"role": "'r_app_write'@'%'", "comment": "", "is_transfer": True,
             "privileges": f"GRANT SELECT, INSERT, UPDATE, DELETE ON `{other}`.* TO `r_app_write`@`%`",
             "inherits_roles": ["'r_reporting'@'%'"], "selected": None},
        ]
    elif fam == "postgresql":
        users.append(user("postgres", "SUPERUSER CREATEROLE CREATEDB REPLICATION", transfer=False,
                          comment="Superuser; not migrated"))
        users.append(user("app_rw", f"GRANT CONNECT ON DATABASE {main} TO app_rw; GRANT USAGE ON SCHEMA public TO app_rw; "
                          "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO app_rw",
                          ["readwrite_role"], parent="readwrite_role"))
        users.append(user("app_ro", f"GRANT CONNECT ON DATABASE {main} TO app_ro; "
                          "GRANT SELECT ON ALL TABLES IN SCHEMA public TO app_ro", ["readonly_role"],
                          parent="readonly_role"))
        optional = [
            user("report", "GRANT SELECT ON ALL TABLES IN SCHEMA public TO report", ["readonly_role"], comment="BI"),
            user("etl", f"GRANT CONNECT, TEMPORARY ON DATABASE {other} TO etl", ["readwrite_role"]),
            user("replicator", "REPLICATION LOGIN", no_priv="REPLICATION", comment="streaming replica"),
        ]
        roles = [
            {"role": "readonly_role", "comment": "", "is_transfer": True,
             "privileges": "GRANT SELECT ON ALL TABLES IN SCHEMA public TO readonly_role", "inherits_roles": [],
             "selected": None},
            {"role": "readwrite_role", "comment": "", "is_transfer": True,
             "privileges": "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO readwrite_role",
             "inherits_roles": ["readonly_role"], "selected": None},
        ]
    else:
        users.append(user("admin.root", None, ["admin.root"], transfer=False, comment="Built-in administrator"))
        users.append(user("admin.app_rw", None, [f"{main}.readWrite"]))
        users.append(user(f"{main}.svc_orders", None, [f"{main}.readWrite", f"{other}.read"]))
        optional = [
            user("admin.report", None, ["admin.readAnyDatabase", "admin.reportingRole"]),
            user("admin.backup_agent", None, ["admin.backup", "admin.clusterMonitor"]),
            user(f"{other}.etl", None, [f"{other}.readWrite"]),
        ]
        roles = [
            {"role": "admin.reportingRole", "comment": "", "is_transfer": True,
             "privileges": _json([{"resource": {"db": main, "collection": ""}, "actions": ["find", "listCollections"]}]),
             "inherits_roles": ["admin.readAnyDatabase"], "selected": None},
        ]
    users.extend(u for u in optional if rng.random() < 0.7)
    body: JSONDict = {}
    if job_id is not None:
        body["job_id"] = job_id
    body.update({
        "is_global_password": "false",
        "message": "SUCCESS",
        "is_success": True,
        "user_list": users,
        "roles_list": roles,
    })
    return body


# ---------------------------------------------------------------------------------------------
# 4.4.2 – 4.4.5 disaster recovery
# ---------------------------------------------------------------------------------------------

_EPOCH_S = 1_500_000_000  # reference for binlog file numbering (2017-07-14)


class _Binlog:
    """A source's binlog/GTID position as a monotone function of time (per task)."""

    def __init__(self, rng: random.Random) -> None:
        self.file0 = rng.randint(100, 900)
        self.rate = rng.randint(2_000, 60_000)  # bytes per second
        self.gtid = rng.random() < 0.5
        self.uuid = _uuid_from(rng)
        self.tps = rng.randint(1, 40)

    def point(self, t_ms: int) -> str:
        t_s = max(0, t_ms) // 1000
        hour, sec = divmod(max(0, t_s - _EPOCH_S), 3600)
        file_no = self.file0 + hour % 900_000
        pos = 4 + sec * self.rate + (max(0, t_ms) % 1000) * self.rate // 1000
        return f"mysql-bin.{file_no:06d}:{pos}"

    def gtid_set(self, t_ms: int) -> str:
        if not self.gtid:
            return "NA"
        n = 1 + max(0, max(0, t_ms) // 1000 - _EPOCH_S) * self.tps
        return f"{self.uuid}:1-{n}"


def rpo_rto(
    rng: random.Random,
    now_ms: int,
    delay_ms: int,
    *,
    job_id: str | None = None,
    rto_delay_ms: int | None = None,
    tz_minutes: int = 0,
) -> JSONDict:
    """One ``results`` row of 4.4.2 (``QueryRpoAndRtoResp``): ``{job_id, rpo_info, rto_info}``
    with points ``{check_point ("mysql-bin.000514:197"), delay (ms, string), gtid_set ("NA" or
    "uuid:1-N"), time ("yyyy-MM-dd HH:mm:ss", UTC + ``tz_minutes``)}``. RPO is the lag of the
    DRS instance behind the primary (``delay_ms``), RTO the lag of the standby (``rto_delay_ms``,
    default ``delay_ms``). Positions grow monotonically with ``now_ms`` as long as ``rng`` is
    seeded the same way (from the task id) on every call."""
    log = _Binlog(rng)
    rto_delay = delay_ms if rto_delay_ms is None else rto_delay_ms

    def point(delay: int) -> JSONDict:
        t = now_ms - max(0, delay)
        return {"check_point": log.point(t), "delay": str(max(0, int(delay))), "gtid_set": log.gtid_set(t),
                "time": _space_time(t, tz_minutes)}

    row: JSONDict = {}
    if job_id is not None:
        row["job_id"] = job_id
    row["rpo_info"] = point(delay_ms)
    row["rto_info"] = point(rto_delay)
    return row


def monitoring(
    rng: random.Random,
    now_ms: int,
    job_id: str,
    *,
    delay_ms: int = 0,
    start_ms: int | None = None,
) -> JSONDict:
    """One ``results`` row of 4.4.3: ``{id, data_guard_minitor (sic): {...}}`` with the exact
    wire names ``cpuUsed_percent``, ``mem_used_inMB``, ``node_mem_inMB``, ``node_volume_inGB``,
    ``trans_inMB``, ``volume_used_inGB`` … (strings/longs/bools as in the seed). Rates follow a
    daily and an hourly wave plus per-minute noise, so the same ``now_ms`` always gives the same
    numbers and charts look alive; ``trans_*`` accumulate since ``start_ms`` (default: one day
    before ``now_ms``)."""
    log = _Binlog(rng)
    rps0 = rng.uniform(50, 1500)
    cpu0 = rng.uniform(3, 25)
    mem0 = rng.randint(1500, 4200)
    node_mem = rng.choice((8192, 16384, 32768))
    node_vol = rng.choice((100, 200, 500))
    vol0 = rng.randint(3, 20)
    row_bytes = rng.randint(180, 900)
    bw0 = rng.randint(20, 120)
    noise_seed = rng.getrandbits(32)
    apply_lag = rng.randint(50, 800)

    t = now_ms / 1000.0
    minute = int(now_ms // 60_000)
    wave = 1 + 0.35 * math.sin(2 * math.pi * t / 86400) + 0.15 * math.sin(2 * math.pi * t / 3600)

    def noise(k: int) -> float:
        return (_mix(noise_seed + minute * 16 + k) % 10_000) / 10_000 - 0.5

    rps = max(0.0, rps0 * wave * (1 + 0.3 * noise(1)))
    dst_rps = max(0.0, rps * (1 + 0.05 * noise(2)))
    bps = int(rps * row_bytes)
    start = now_ms - 86_400_000 if start_ms is None else start_ms
    elapsed = max(0, now_ms - start) / 1000.0
    lines = int(rps0 * elapsed)
    trans_mb = lines * row_bytes // (1024 * 1024)
    vol_used = min(node_vol * 0.9, vol0 + trans_mb / 1024 * 0.3)
    delay = max(0, int(delay_ms))
    return {
        "id": job_id,
        "data_guard_minitor": {
            "src_normal": True,
            "dst_normal": True,
            "sr_offset": log.point(now_ms),
            "node_offset": log.point(now_ms - delay),
            "dst_offset": "N/A",
            "sr_delay": delay,
            "dst_delay": delay + (apply_lag if delay else 0),
            "src_rps": str(int(rps)),
            "src_io": f"{bps / (1024 * 1024):.1f}",
            "bandwidth": str(max(1, int(bw0 * wave * (1 + 0.2 * noise(3))))),
            "dst_rps": str(int(dst_rps)),
            "dst_io": f"{dst_rps * row_bytes / (1024 * 1024):.1f}",
            "trans_inMB": str(trans_mb),
            "trans_lines": str(lines),
            "volume_used_inGB": str(int(vol_used)),
            "mem_used_inMB": str(int(mem0 * (1 + 0.1 * noise(4)))),
            "cpuUsed_percent": f"{min(97.0, max(0.3, cpu0 * wave * (1 + 0.4 * noise(5)))):.1f}",
            "node_volume_inGB": node_vol,
            "node_mem_inMB": node_mem,
            "migration_bytes_per_second": bps,
        },
    }


#: 4.4.5 path types and the 4.4.4 result types, in execution order.
STRUCT_TYPES = ("database", "schema", "table_structure", "table", "view", "function", "procedure",
                "trigger", "index", "table_indexes")
# 4.4.4 reports these, in the seed example's order.
_PROCESS_TYPES = ("table", "view", "table_structure", "database", "function", "procedure", "table_indexes")
_STRUCT_MS = {"database": 400, "schema": 200, "table_structure": 250, "table": 300, "view": 150,
              "function": 120, "procedure": 120, "trigger": 100}


def _struct_objects(schema: Schema) -> dict[str, list[tuple[str, str, str, str, int]]]:
    """type -> [(src_DB, src_TB, dst_DB, dst_TB, duration_ms)] in execution order."""
    out: dict[str, list[tuple[str, str, str, str, int]]] = {k: [] for k in STRUCT_TYPES}
    for d in schema:
        fam = d["engine"]
        sdb, tdb = d["db"], d["target_db"]
        s3, t3 = (f"{sdb}.public", f"{tdb}.public") if fam == "postgresql" else (sdb, tdb)
        out["database"].append((sdb, sdb, tdb, tdb, _STRUCT_MS["database"]))
        if fam == "postgresql":
            out["schema"].append((sdb, "public", tdb, "public", _STRUCT_MS["schema"]))
        for t in d["tables"]:
            out["table_structure"].append((s3, t["name"], t3, t["name"], _STRUCT_MS["table_structure"]))
            out["table"].append((s3, t["name"], t3, t["name"], _STRUCT_MS["table"]))
        for v in d["views"]:
            out["view"].append((s3, v, t3, v, _STRUCT_MS["view"]))
        for r in d["routines"]:
            kind = "function" if r.startswith("fn_") else "procedure"
            out[kind].append((s3, r, t3, r, _STRUCT_MS[kind]))
        for tr in d["triggers"]:
            out["trigger"].append((s3, tr, t3, tr, _STRUCT_MS["trigger"]))
        for t in d["tables"]:
            secondary = [i for i in t["indexes"] if i not in ("PRIMARY", "_id_") and not i.endswith("_pkey")]
            per_index = 200 + t["rows"] // 500_000
            for i in secondary:
                name = f"{t['name']}.{i}"
                out["index"].append((s3, name, t3, name, per_index))
            if secondary:
                out["table_indexes"].append((s3, t["name"], t3, t["name"], per_index * len(secondary)))
    return out


def _struct_plan(schema: Schema, start_ms: int) -> dict[str, list[tuple[tuple[str, str, str, str], int, int]]]:
    """type -> [(names, start, end)]; stages run one after another from ``start_ms``.
    (``index`` objects are the ``table_indexes`` work seen per index, on the same timeline.)"""
    objs = _struct_objects(schema)
    plan: dict[str, list[tuple[tuple[str, str, str, str], int, int]]] = {}
    t = start_ms
    for kind in ("database", "schema", "table_structure", "table", "view", "function", "procedure",
                 "trigger", "table_indexes"):
        items = []
        for *names, dur in objs[kind]:
            items.append((tuple(names), t, t + dur))
            t += dur
        plan[kind] = items  # type: ignore[assignment]
    # individual indexes share the table_indexes timeline
    idx_items, cursor = [], plan["table_indexes"][0][1] if plan["table_indexes"] else t
    for *names, dur in objs["index"]:
        idx_items.append((tuple(names), cursor, cursor + dur))
        cursor += dur
    plan["index"] = idx_items  # type: ignore[assignment]
    return plan


def _obj_progress(now_ms: int, start: int, end: int) -> int:
    if now_ms >= end:
        return 100
    if now_ms <= start:
        return 0
    return int(100 * (now_ms - start) / max(1, end - start))


def struct_process(
    rng: random.Random | None,
    job_id: str,
    schema: Schema,
    start_ms: int,
    now_ms: int,
    *,
    create_time_ms: int | None = None,
) -> JSONDict:
    """One ``results`` row of 4.4.4: ``{job_id, struct_process: {create_time (ms string),
    result: [{type, status, src_count, dst_count, start_time, end_time}]}}`` for the seed's
    seven types (table, view, table_structure, database, function, procedure, table_indexes).
    Stages run one after another from ``start_ms``; ``status`` 2 done, 1 running or not yet
    started (``start_time``/``end_time`` ``None`` until then); ``dst_count`` counts finished
    objects; times are ms-epoch integers (EpochMsInt)."""
    plan = _struct_plan(schema, start_ms)
    result = []
    for kind in _PROCESS_TYPES:
        items = plan.get(kind, [])
        begin = items[0][1] if items else None
        finish = items[-1][2] if items else None
        if not items:  # an empty stage completes instantly where it would have run
            begin = finish = _empty_stage_time(plan, kind, start_ms)
        started = now_ms >= begin
        done = now_ms >= finish
        result.append({
            "type": kind,
            "status": 2 if done else 1,
            "src_count": len(items),
            "dst_count": sum(1 for _n, _s, e in items if now_ms >= e),
            "start_time": begin if started else None,
            "end_time": finish if done else None,
        })
    return {
        "job_id": job_id,
        "struct_process": {"create_time": str(create_time_ms if create_time_ms is not None else start_ms),
                           "result": result},
    }


def _empty_stage_time(plan: Mapping[str, list], kind: str, start_ms: int) -> int:
    order = ("database", "schema", "table_structure", "table", "view", "function", "procedure",
             "trigger", "table_indexes")
    t = start_ms
    for k in order:
        if plan.get(k):
            t = plan[k][-1][2]
        if k == kind:
            break
    return t


def struct_detail(
    rng: random.Random | None,
    job_id: str,
    schema: Schema,
    type: str,  # noqa: A002 - the path parameter's name
    start_ms: int,
    now_ms: int,
    *,
    cur_page: int = 1,
    per_page: int = 5,
    create_time_ms: int | None = None,
) -> JSONDict:
    """One ``results`` row of 4.4.5: ``{job_id, struct_detail: {total_record, create_time,
    list: [{progress, src_DB, src_TB, dst_DB, dst_TB}]}}`` for one path ``type`` (see
    `STRUCT_TYPES`), on the same timeline as `struct_process`. ``src_DB`` is ``db.schema`` for
    PostgreSQL; ``per_page`` 0 returns everything (PageReq default 5)."""
    kind = str(getattr(type, "value", type))
    items = _struct_plan(schema, start_ms).get(kind, [])
    rows = [
        {"progress": _obj_progress(now_ms, s, e), "src_DB": n[0], "src_TB": n[1], "dst_DB": n[2], "dst_TB": n[3]}
        for n, s, e in items
    ]
    return {
        "job_id": job_id,
        "struct_detail": {
            "total_record": len(rows),
            "create_time": str(create_time_ms if create_time_ms is not None else start_ms),
            "list": _page(rows, cur_page, per_page),
        },
    }


# ---------------------------------------------------------------------------------------------
# 4.1.2 / 4.1.3 connection tests
# ---------------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    getter = getattr(value, "get_secret_value", None)
    return getter() if callable(getter) else value


def _hosts(endpoint: Mapping[str, Any]) -> list[tuple[str, int | None]]:
    ip = str(_plain(endpoint.get("ip")) or "").strip()
    port = endpoint.get("db_port")
    port_i = int(port) if port not in (None, "") else None
    out: list[tuple[str, int | None]] = []
    for part in filter(None, (p.strip() for p in ip.split(","))):
        host, sep, p = part.rpartition(":")
        if sep and p.isdigit() and host and not host.endswith(":"):
            out.append((host, int(p)))
        else:
            out.append((part, port_i))
    return out


def connection_result(
    rng: random.Random | None, endpoint: Mapping[str, Any], end_point_type: Any = "so"
) -> tuple[bool, str | None, str | None]:
    """Outcome of a connection test for one endpoint (wire-named dict): ``(ok, error_code,
    error_msg)``; success is ``(True, None, None)``. Deterministic rules, first match wins:

    - no ``ip`` and no ``inst_id`` → ``DRS.KE001`` (network connection failed)
    - a host ending in ``.invalid`` → ``DRS.KE0018`` (DNS resolution failed)
    - host ``10.255.255.1`` or port ``1`` (also inside a MongoDB ``host:port,…`` list) →
      ``DRS.KE003`` (port not reachable)
    - host in ``192.0.2.0/24`` (TEST-NET-1) → ``DRS.KE0017`` (IP not pingable)
    - host in ``198.51.100.0/24`` (TEST-NET-2) → ``DRS.KE004`` (security group / firewall)
    - ``ssl_link`` true without ``ssl_cert_key`` → ``DRS.KE009`` (SSL CA certificate missing)
    - Kafka (``db_type`` kafka) with ``topic`` ``"missing"`` → ``DRS.KE0042``
    - ``db_password`` ``"wrong"`` → ``DRS.KE002`` (wrong user name or password)
    - ``db_password`` ``"expired"`` → ``DRS.KE0055`` (password expired)
    - ``db_user`` ``"locked"`` → ``DRS.KE0038`` (account locked)
    - ``db_user`` ``"noremote"`` → ``DRS.KE005`` (user must allow remote hosts)
    - ``db_user`` ``"noperm"`` → ``DRS.KE013`` (insufficient permissions)

    Passwords may be plain strings or pydantic secrets. ``end_point_type`` (``so``/``ta``)
    only words the message. ``rng`` is not used.
    """
    side = "destination" if str(getattr(end_point_type, "value", end_point_type)) == "ta" else "source"
    hosts = _hosts(endpoint)
    where = ",".join(f"{h}:{p}" if p else h for h, p in hosts) or str(endpoint.get("inst_id") or "")
    password = _plain(endpoint.get("db_password"))
    user = str(_plain(endpoint.get("db_user")) or "")
    db_type = str(getattr(endpoint.get("db_type"), "value", endpoint.get("db_type")) or "").lower()

    if not hosts and not endpoint.get("inst_id"):
        return False, "DRS.KE001", f"Failed to connect to the {side} database: no IP address or instance given."
    for host, port in hosts:
        if host.lower().endswith(".invalid"):
            return False, "DRS.KE0018", f"Domain name {host} of the {side} database cannot be resolved."
    for host, port in hosts:
        if host == "10.255.255.1" or port == 1:
            return False, "DRS.KE003", (f"Port {port} of the {side} database {host} is unreachable. Check the "
                                        "port, the security group and the firewall.")
    for host, _port in hosts:
        if host.startswith("192.0.2."):
            return False, "DRS.KE0017", f"The IP address {host} of the {side} database cannot be pinged."
        if host.startswith("198.51.100."):
            return False, "DRS.KE004", (f"Failed to connect to the {side} database {host}. Check the security "
                                        "group, the firewall and the SSL settings.")
    if endpoint.get("ssl_link") is True and not _plain(endpoint.get("ssl_cert_key")):
        return False, "DRS.KE009", f"SSL is enabled for the {side} database but no CA certificate was uploaded."
    if db_type == "kafka" and str(endpoint.get("topic") or "") == "missing":
        return False, "DRS.KE0042", "The Kafka topic does not exist."
    if password == "wrong":
        return False, "DRS.KE002", f"Incorrect user name or password for the {side} database ({where})."
    if password == "expired":
        return False, "DRS.KE0055", f"The password of user {user} of the {side} database has expired."
    if user == "locked":
        return False, "DRS.KE0038", f"Account {user} of the {side} database is locked."
    if user == "noremote":
        return False, "DRS.KE005", (f"User {user} of the {side} database may only connect from localhost; "
                                    "allow remote hosts ('%').")
    if user == "noperm":
        return False, "DRS.KE013", f"User {user} of the {side} database has insufficient permissions."
    return True, None, None
