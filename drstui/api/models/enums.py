"""Enumerations shared across DRS APIs (reference §3; seed A.4 for task status).

All are `OpenStrEnum`: a value the service adds later is kept as-is, never a crash.
Request fields wrap them in `Known[...]` so only documented values go out.
"""


from .._compat import ordered
from ._base import OpenStrEnum


class JobStatus(OpenStrEnum):
    """Task status, seed A.4 plus the six extra values of the 4.1.20–4.1.22 tables. Order = lifecycle order."""

    CREATING = "CREATING"
    CREATE_FAILED = "CREATE_FAILED"
    CONFIGURATION = "CONFIGURATION"
    STARTJOBING = "STARTJOBING"
    WAITING_FOR_START = "WAITING_FOR_START"
    START_JOB_FAILED = "START_JOB_FAILED"
    PAUSING = "PAUSING"
    FULL_TRANSFER_STARTED = "FULL_TRANSFER_STARTED"
    FULL_TRANSFER_FAILED = "FULL_TRANSFER_FAILED"
    FULL_TRANSFER_COMPLETE = "FULL_TRANSFER_COMPLETE"
    INCRE_TRANSFER_STARTED = "INCRE_TRANSFER_STARTED"
    INCRE_TRANSFER_FAILED = "INCRE_TRANSFER_FAILED"
    RELEASE_RESOURCE_STARTED = "RELEASE_RESOURCE_STARTED"
    RELEASE_RESOURCE_FAILED = "RELEASE_RESOURCE_FAILED"
    RELEASE_RESOURCE_COMPLETE = "RELEASE_RESOURCE_COMPLETE"
    REBUILD_NODE_STARTED = "REBUILD_NODE_STARTED"
    REBUILD_NODE_FAILED = "REBUILD_NODE_FAILED"
    CHANGE_JOB_STARTED = "CHANGE_JOB_STARTED"
    CHANGE_JOB_FAILED = "CHANGE_JOB_FAILED"
    DELETED = "DELETED"
    CHILD_TRANSFER_STARTING = "CHILD_TRANSFER_STARTING"
    CHILD_TRANSFER_STARTED = "CHILD_TRANSFER_STARTED"
    CHILD_TRANSFER_COMPLETE = "CHILD_TRANSFER_COMPLETE"
    CHILD_TRANSFER_FAILED = "CHILD_TRANSFER_FAILED"
    RELEASE_CHILD_TRANSFER_STARTED = "RELEASE_CHILD_TRANSFER_STARTED"
    RELEASE_CHILD_TRANSFER_COMPLETE = "RELEASE_CHILD_TRANSFER_COMPLETE"
    NODE_UPGRADE_START = "NODE_UPGRADE_START"
    NODE_UPGRADE_COMPLETE = "NODE_UPGRADE_COMPLETE"
    NODE_UPGRADE_FAILED = "NODE_UPGRADE_FAILED"

    @property
    def meaning(self) -> str:
        """The A.4 meaning in a few words (for the TUI's detail screen and the Excel summary)."""
        return STATUS_MEANINGS.get(self.value, "status not documented in A.4")

    @property
    def failed(self) -> bool:
        return self.value.endswith("_FAILED")


STATUS_MEANINGS: dict[str, str] = {
    "CREATING": "Being created",
    "CREATE_FAILED": "Creation failed",
    "CONFIGURATION": "Being configured",
    "STARTJOBING": "Starting",
    "WAITING_FOR_START": "Waiting to be started (scheduled)",
    "START_JOB_FAILED": "Start failed",
    "PAUSING": "Paused",
    "FULL_TRANSFER_STARTED": "Full migration in progress (DR: initializing)",
    "FULL_TRANSFER_FAILED": "Full migration failed (DR: initialization failed)",
    "FULL_TRANSFER_COMPLETE": "Full migration completed (DR: initialization completed)",
    "INCRE_TRANSFER_STARTED": "Incremental migration in progress (DR: DR in progress)",
    "INCRE_TRANSFER_FAILED": "Incremental migration failed (DR: DR exception)",
    "RELEASE_RESOURCE_STARTED": "Stopping",
    "RELEASE_RESOURCE_FAILED": "Stop failed",
    "RELEASE_RESOURCE_COMPLETE": "Completed (stopped; can be deleted)",
    "REBUILD_NODE_STARTED": "Recovering (node rebuild)",
    "REBUILD_NODE_FAILED": "Recovery failed",
    "CHANGE_JOB_STARTED": "Being changed",
    "CHANGE_JOB_FAILED": "Change failed",
    "DELETED": "Deleted",
    "CHILD_TRANSFER_STARTING": "Subtask starting",
    "CHILD_TRANSFER_STARTED": "Subtask migrating",
    "CHILD_TRANSFER_COMPLETE": "Subtask migration completed",
    "CHILD_TRANSFER_FAILED": "Subtask migration failed",
    "RELEASE_CHILD_TRANSFER_STARTED": "Subtask stopping",
    "RELEASE_CHILD_TRANSFER_COMPLETE": "Subtask stopped (can be deleted)",
    "NODE_UPGRADE_START": "Node upgrade started",
    "NODE_UPGRADE_COMPLETE": "Node upgrade completed",
    "NODE_UPGRADE_FAILED": "Node upgrade failed",
}

#: Status values in A.4 order, for ordered categoricals.
STATUS_ORDER: tuple[str, ...] = ordered(JobStatus)


class DbUseType(OpenStrEnum):
    MIGRATION = "migration"
    SYNC = "sync"
    CLOUD_DATA_GUARD = "cloudDataGuard"


class EngineType(OpenStrEnum):
    MYSQL = "mysql"
    MONGODB = "mongodb"
    CLOUD_DATA_GUARD_MYSQL = "cloudDataGuard-mysql"
    POSTGRESQL = "postgresql"
    ORACLE_TO_GAUSSDBV5 = "oracle-to-gaussdbv5"
    ORACLE_TO_GAUSSDBV5HA = "oracle-to-gaussdbv5ha"
    GAUSSDBV5_TO_ORACLE = "gaussdbv5-to-oracle"
    GAUSSDBV5HA_TO_ORACLE = "gaussdbv5ha-to-oracle"
    GAUSSDBV5_TO_KAFKA = "gaussdbv5-to-kafka"
    # Named elsewhere in the seed (4.1.25) and in the SDK docs.
    CLOUD_DATA_GUARD_CASSANDRA = "cloudDataGuard-cassandra"
    CLOUD_DATA_GUARD_GAUSSCASSANDRA = "cloudDataGuard-gausscassandra-to-gausscassandra"
    CLOUD_DATA_GUARD_TAURUS_TO_MYSQL = "cloudDataGuard-taurus-to-mysql"
    CLOUD_DATA_GUARD_MYSQL_TO_TAURUS = "cloudDataGuard-mysql-to-taurus"
    CLOUD_DATA_GUARD_DDM = "cloudDataGuard-ddm"
    MYSQL_TO_KAFKA = "mysql-to-kafka"
    TAURUS_TO_KAFKA = "taurus-to-kafka"
    GAUSSDBV5HA_TO_KAFKA = "gaussdbv5ha-to-kafka"


class JobDirection(OpenStrEnum):
    UP = "up"
    DOWN = "down"
    NON_DBS = "non-dbs"


class NetType(OpenStrEnum):
    VPN = "vpn"
    VPC = "vpc"
    EIP = "eip"


class NodeType(OpenStrEnum):
    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    HIGH = "high"
    XLARGE = "xlarge"
    XXLARGE = "2xlarge"


class TaskType(OpenStrEnum):
    FULL_TRANS = "FULL_TRANS"
    FULL_INCR_TRANS = "FULL_INCR_TRANS"
    INCR_TRANS = "INCR_TRANS"


class DbType(OpenStrEnum):
    MYSQL = "mysql"
    MONGODB = "mongodb"
    POSTGRESQL = "postgresql"
    ORACLE = "oracle"
    KAFKA = "kafka"
    GAUSSDBV5 = "gaussdbv5"
    GAUSSDBV5HA = "gaussdbv5ha"
    TAURUS = "taurus"


class EndpointType(OpenStrEnum):
    SOURCE = "so"
    TARGET = "ta"


class BatchStatus(OpenStrEnum):
    """Per-row outcome of a batch write API."""

    SUCCESS = "success"
    FAILED = "failed"


class JobAction(OpenStrEnum):
    CREATE = "CREATE"
    CHOOSE_OBJECT = "CHOOSE_OBJECT"
    PRE_CHECK = "PRE_CHECK"
    CHANGE_MODE = "CHANGE_MODE"
    FREE_RESOURCE = "FREE_RESOURCE"
    MODIFY_DB_CONFIG = "MODIFY_DB_CONFIG"
    RESET_DB_PWD = "RESET_DB_PWD"
    MODIFY_CONFIGURATION = "MODIFY_CONFIGURATION"
    PAUSE = "PAUSE"
    START = "START"
    CHANGE = "CHANGE"
    RETRY = "RETRY"
    RESET = "RESET"
    DELETE = "DELETE"
    QUERY_PRE_CHECK = "QUERY_PRE_CHECK"
    SWITCH_OVER = "SWITCH_OVER"
    START_INCR = "START_INCR"
    MODIFY_TASK_NUMBER = "MODIFY_TASK_NUMBER"
    CONTINUE_JOB = "CONTINUE_JOB"
    STOP_JOB = "STOP_JOB"
    CONTINUE_CAPTURE = "CONTINUE_CAPTURE"
    STOP_CAPTURE = "STOP_CAPTURE"
    CONTINUE_APPLY = "CONTINUE_APPLY"
    STOP_APPLY = "STOP_APPLY"
    PAY_ORDER = "PAY_ORDER"
    UNSUBSCRIBE = "UNSUBSCRIBE"
    TO_PERIOD = "TO_PERIOD"
    TO_RENEW = "TO_RENEW"
    ORDER_INFO = "ORDER_INFO"
    CHANGE_FLAVOR = "CHANGE_FLAVOR"
    CLONE = "CLONE"
    # Seen in the 4.1.20 example only.
    MODIFY_SPECIFICATION_ID = "MODIFY_SPECIFICATION_ID"
    API_CONFIGURATION_ACTION = "API_CONFIGURATION_ACTION"
    JUMP_RETRY = "JUMP_RETRY"


class Language(OpenStrEnum):
    EN_US = "en-us"
    ZH_CN = "zh-cn"


__all__ = ["JobStatus", "DbUseType", "EngineType", "JobDirection", "NetType", "NodeType", "TaskType", "DbType", "EndpointType", "BatchStatus", "JobAction", "Language", "STATUS_MEANINGS", "STATUS_ORDER"]
