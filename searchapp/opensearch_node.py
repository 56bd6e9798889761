"""A local OpenSearch cluster for development, tests and the benchmark, assembled from Maven jars.

OpenSearch is in neither Debian nor PyPI, but its server and modules are published on Maven
Central. ``fetch`` resolves them with Maven into a cache folder laid out like the official
distribution (``lib/``, ``modules/<name>/`` with the descriptors the distribution ships);
``start`` runs N nodes on loopback from that home, each with its own config, data and logs
under one data folder, and waits (bounded) until the cluster is green; ``stop`` ends them.

Layout::

    ~/.cache/searchapp/opensearch/            (or $SEARCHAPP_OPENSEARCH_CACHE)
      m2/                                     Maven's local repository (downloads kept)
      2.19.6/lib, 2.19.6/modules/...          the assembled node (the "home")
      cluster/                                default data folder
        cluster.json                          ports, pids, url of the running nodes
        node-1/{config,data,logs,tmp}
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

VERSION = "2.19.6"
GROUP = "org.opensearch"
PLUGIN_GROUP = "org.opensearch.plugin"
DEFAULT_HEAP = "512m"
START_TIMEOUT = 240.0  # seconds until green before giving up; a cold JVM on a busy 2-core box needs ~30-60 s
STOP_TIMEOUT = 30.0

# The modules the site needs, with the descriptors the official distribution writes for them
# (Maven's jars carry neither the descriptor nor the policy). Class names are 2.x ones.
MODULES: dict[str, dict] = {
    "transport-netty4": {
        "artifacts": [f"{PLUGIN_GROUP}:transport-netty4-client"],
        "description": "Netty 4 based transport implementation",
        "classname": "org.opensearch.transport.Netty4Plugin",
        "policy": [
            'permission java.io.FilePermission "/proc/sys/net/core/somaxconn", "read";',
            'permission java.net.SocketPermission "*", "accept,connect";',
            'permission java.lang.RuntimePermission "*", "setContextClassLoader";',
            'permission java.lang.RuntimePermission "getClassLoader";',
            'permission java.util.PropertyPermission "sun.nio.ch.bugLevel", "write";',
        ],
    },
    "lang-painless": {
        "artifacts": [f"{PLUGIN_GROUP}:lang-painless", f"{PLUGIN_GROUP}:opensearch-scripting-painless-spi"],
        "description": "An easy, safe and fast scripting language for OpenSearch",
        "classname": "org.opensearch.painless.PainlessPlugin",
        "policy": [
            'permission java.lang.RuntimePermission "createClassLoader";',
            'permission java.lang.RuntimePermission "getClassLoader";',
        ],
    },
    "analysis-common": {
        "artifacts": [f"{PLUGIN_GROUP}:analysis-common"],
        "description": 'Adds "built in" analyzers to OpenSearch.',
        "classname": "org.opensearch.analysis.common.CommonAnalysisPlugin",
        "extended": "lang-painless",
        "policy": [],
    },
}

LOG4J2 = """status = error
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n
rootLogger.level = info
rootLogger.appenderRef.console.ref = console
"""


class NodeError(RuntimeError):
    """The local cluster could not be fetched, started or stopped; the message says why."""


def cache_dir() -> Path:
    """Where fetched jars and the default data folder live."""
    env = os.environ.get("SEARCHAPP_OPENSEARCH_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "searchapp" / "opensearch"


def default_data_dir() -> Path:
    """The data folder used when --data is not given."""
    return cache_dir() / "cluster"


def home_dir(cache: Path | None = None) -> Path:
    """The assembled node for VERSION."""
    return (cache or cache_dir()) / VERSION


def missing_tools() -> list[str]:
    """Programs that fetch/start need and that are not on PATH (empty when all are there)."""
    return [tool for tool in ("java", "mvn") if shutil.which(tool) is None]


def is_fetched(cache: Path | None = None) -> bool:
    """Whether a complete node is already assembled in the cache."""
    return (home_dir(cache) / ".complete").exists()


# --------------------------------------------------------------------------- fetch

def _pom(name: str, artifacts: list[str]) -> str:
    deps = "".join(
        f"<dependency><groupId>{a.split(':')[0]}</groupId><artifactId>{a.split(':')[1]}</artifactId>"
        f"<version>{a.split(':')[2] if a.count(':') == 2 else VERSION}</version></dependency>"
        for a in artifacts
    )
    return (
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
        f"<groupId>searchapp</groupId><artifactId>{name}</artifactId><version>1</version>"
        f"<packaging>pom</packaging><dependencies>{deps}</dependencies></project>"
    )


def _resolve(work: Path, name: str, artifacts: list[str], out: Path, m2: Path) -> list[Path]:
    """Copy the artifacts and their runtime closure into out with Maven's file names."""
    project = work / name
    project.mkdir(parents=True)
    (project / "pom.xml").write_text(_pom(name, artifacts), "utf-8")
    cmd = [
        "mvn", "-B", "-q", f"-Dmaven.repo.local={m2}",
        "dependency:copy-dependencies", "-DincludeScope=runtime", f"-DoutputDirectory={out}",
    ]
    done = subprocess.run(cmd, cwd=project, capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-15:]
        raise NodeError(f"Maven could not resolve {', '.join(artifacts)}:\n" + "\n".join(tail))
    return sorted(out.glob("*.jar"))


def _artifact_name(jar: Path) -> str:
    """lucene-core-9.12.3.jar -> lucene-core (the same rule OpenSearch uses for policy codebases)."""
    import re

    return re.sub(r"-\d+\.\d+.*\.jar$", "", jar.name)


def _descriptor(name: str, spec: dict) -> str:
    lines = [
        f"name={name}",
        f"description={spec['description']}",
        f"version={VERSION}",
        f"opensearch.version={VERSION}",
        "java.version=11",
        f"classname={spec['classname']}",
    ]
    if spec.get("extended"):
        lines.append(f"extended.plugins={spec['extended']}")
    return "\n".join(lines) + "\n"


def fetch(cache: Path | None = None, log=print) -> Path:
    """Assemble an OpenSearch node from Maven Central into the cache (once); return its home."""
    cache = cache or cache_dir()
    home = home_dir(cache)
    if is_fetched(cache):
        return home
    if missing := missing_tools():
        raise NodeError(f"fetching OpenSearch needs {' and '.join(missing)} on PATH (apt-get install openjdk-17-jdk-headless maven)")
    cache.mkdir(parents=True, exist_ok=True)
    m2 = cache / "m2"
    # Assemble beside the final place and rename at the end: an interrupted fetch leaves no half home.
    staging = Path(tempfile.mkdtemp(prefix=f".{VERSION}-", dir=cache))
    try:
        work = staging / "poms"
        log(f"resolving org.opensearch:opensearch:{VERSION} with Maven …")
        lib = staging / "lib"
        # log4j-core and the plugin class loader are optional/compileOnly in the server POM but
        # needed at run time; log4j-core must match the resolved log4j-api.
        lib_jars = _resolve(work, "lib", [f"{GROUP}:opensearch", f"{GROUP}:opensearch-plugin-classloader"], lib, m2)
        log4j = next((j for j in lib_jars if _artifact_name(j) == "log4j-api"), None)
        if log4j is None:
            raise NodeError("the server's dependencies hold no log4j-api jar")
        log4j_version = log4j.name[len("log4j-api-"):-len(".jar")]
        _resolve(work, "log4j", [f"org.apache.logging.log4j:log4j-core:{log4j_version}"], lib, m2)
        in_lib = {_artifact_name(j) for j in lib.glob("*.jar")}
        for name, spec in MODULES.items():
            log(f"resolving module {name} …")
            target = staging / "modules" / name
            jars = _resolve(work, f"module-{name}", spec["artifacts"], target, m2)
            # A jar already on the server's class path (any version) would be jar hell.
            for jar in jars:
                if _artifact_name(jar) in in_lib:
                    jar.unlink()
            (target / "plugin-descriptor.properties").write_text(_descriptor(name, spec), "utf-8")
            if spec["policy"]:
                body = "\n".join(f"  {p}" for p in spec["policy"])
                (target / "plugin-security.policy").write_text(f"grant {{\n{body}\n}};\n", "utf-8")
        shutil.rmtree(work)
        (staging / "plugins").mkdir()
        (staging / ".complete").write_text(VERSION + "\n", "utf-8")
        if home.exists():
            shutil.rmtree(home)
        os.replace(staging, home)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return home


# --------------------------------------------------------------------------- start / stop

@dataclass
class NodeInfo:
    name: str
    http_port: int
    transport_port: int
    pid: int = 0


@dataclass
class ClusterInfo:
    data_dir: str
    cluster_name: str
    nodes: list[NodeInfo]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.nodes[0].http_port}"

    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{n.http_port}" for n in self.nodes]


def _state_file(data_dir: Path) -> Path:
    return data_dir / "cluster.json"


def read_cluster(data_dir: str | os.PathLike | None = None) -> ClusterInfo | None:
    """The cluster last started in data_dir, or None."""
    path = _state_file(Path(data_dir) if data_dir else default_data_dir())
    try:
        raw = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return ClusterInfo(raw["data_dir"], raw["cluster_name"], [NodeInfo(**n) for n in raw["nodes"]])


def _write_cluster(info: ClusterInfo) -> None:
    path = _state_file(Path(info.data_dir))
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(info), indent=1), "utf-8")
    os.replace(tmp, path)


def _alive(pid: int) -> bool:
    """Whether pid is a running OpenSearch node (not a process that later got the same pid)."""
    if pid <= 0:
        return False
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            cmdline = fh.read()
    except OSError:
        return False
    # Empty while the process is being set up or torn down: the state check below decides then.
    if cmdline and b"org.opensearch.bootstrap.OpenSearch" not in cmdline:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child of this process is not alive.
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        # As the node binds: a port in TIME_WAIT after a stop is free to reuse.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _node_settings(info: ClusterInfo, node: NodeInfo, node_dir: Path, fresh: bool) -> str:
    seeds = ", ".join(f'"127.0.0.1:{n.transport_port}"' for n in info.nodes)
    lines = [
        f"cluster.name: {info.cluster_name}",
        f"node.name: {node.name}",
        f"path.data: {node_dir / 'data'}",
        f"path.logs: {node_dir / 'logs'}",
        "network.host: 127.0.0.1",
        f"http.port: {node.http_port}",
        f"transport.port: {node.transport_port}",
        "node.portsfile: true",
        # A nearly full disk would otherwise make a node refuse shards (watermarks); dev clusters
        # live on shared disks whose free space is not ours to judge.
        "cluster.routing.allocation.disk.threshold_enabled: false",
        "bootstrap.system_call_filter: false",
        "indices.breaker.total.use_real_memory: false",
        "action.auto_create_index: false",
    ]
    if len(info.nodes) == 1:
        lines.append("discovery.type: single-node")
    else:
        lines.append(f"discovery.seed_hosts: [{seeds}]")
        if fresh:
            # Only a cluster that has never formed needs bootstrapping; node-1 alone may elect
            # itself, and the others join it.
            lines.append(f'cluster.initial_cluster_manager_nodes: ["{info.nodes[0].name}"]')
    return "\n".join(lines) + "\n"


def _java_command(home: Path, node_dir: Path, heap: str) -> list[str]:
    tmp = node_dir / "tmp"
    return [
        "java",
        f"-Xms{heap}", f"-Xmx{heap}",
        "-XX:+UseG1GC", "-XX:G1ReservePercent=25", "-XX:InitiatingHeapOccupancyPercent=30",
        "-Xss1m", "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8",
        "-Djava.locale.providers=SPI,COMPAT",
        "-Dopensearch.networkaddress.cache.ttl=60", "-Dopensearch.networkaddress.cache.negative.ttl=10",
        "-XX:-OmitStackTraceInFastThrow", "-XX:+ShowCodeDetailsInExceptionMessages",
        "-Dio.netty.noUnsafe=true", "-Dio.netty.noKeySetOptimization=true",
        "-Dio.netty.recycler.maxCapacityPerThread=0", "-Dio.netty.allocator.numDirectArenas=0",
        "-Dlog4j.shutdownHookEnabled=false", "-Dlog4j2.disable.jmx=true",
        # We may run as root, which OpenSearch refuses; its root check needs JNA's native library.
        # Keeping the JNA jar (its classes must load) but forbidding the native library turns the
        # check off: the node then logs that it cannot tell whether it runs as root.
        "-Djna.nosys=true", "-Djna.noclasspath=true",
        f"-Djava.io.tmpdir={tmp}",
        f"-XX:ErrorFile={node_dir / 'logs' / 'hs_err_pid%p.log'}",
        f"-XX:MaxDirectMemorySize={_half(heap)}",
        f"-Dopensearch.path.home={home}",
        f"-Dopensearch.path.conf={node_dir / 'config'}",
        "-Dopensearch.distribution.type=tar",
        "-cp", f"{home / 'lib'}/*",
        "org.opensearch.bootstrap.OpenSearch",
    ]


def _half(heap: str) -> str:
    unit = heap[-1] if heap[-1].isalpha() else ""
    number = int(heap[:-1] if unit else heap)
    return f"{max(number // 2, 1)}{unit}"


def _get_json(url: str, timeout: float = 5.0) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read().decode("utf-8"))


def _log_tail(node_dir: Path, lines: int = 25) -> str:
    try:
        text = (node_dir / "logs" / "stdout.log").read_text("utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.strip().splitlines()[-lines:])


def cluster_health(url: str, timeout: float = 5.0) -> dict | None:
    """GET /_cluster/health, or None when nothing answers."""
    try:
        return _get_json(f"{url}/_cluster/health", timeout=timeout)
    except (OSError, ValueError, urllib.error.URLError):
        return None


def running_nodes(info: ClusterInfo) -> list[NodeInfo]:
    """The nodes of info whose process is alive."""
    return [n for n in info.nodes if _alive(n.pid)]


def start(
    nodes: int = 1,
    data_dir: str | os.PathLike | None = None,
    heap: str = DEFAULT_HEAP,
    timeout: float = START_TIMEOUT,
    only: list[str] | None = None,
    log=print,
) -> ClusterInfo:
    """Start (or restart, reusing its data) a loopback cluster of N nodes; return once it is green.

    ``only`` starts just the named nodes of an existing cluster (a node that was stopped rejoins).
    """
    home = home_dir()
    if not is_fetched():
        raise NodeError(f"no OpenSearch node in {home.parent}: run `searchapp opensearch fetch` first")
    if shutil.which("java") is None:
        raise NodeError("starting OpenSearch needs java on PATH (apt-get install openjdk-17-jre-headless)")
    data = Path(data_dir) if data_dir else default_data_dir()
    data = data.resolve()
    data.mkdir(parents=True, exist_ok=True)
    info = read_cluster(data)
    fresh = info is None
    if info is None:
        info = ClusterInfo(str(data), f"searchapp-{os.getpid()}", [])
    if only is None and len(info.nodes) != nodes:
        if running_nodes(info):
            raise NodeError(f"a cluster of {len(info.nodes)} node(s) is running in {data}: stop it first")
        if info.nodes:
            # A different number of nodes over old data: start afresh rather than fight the old cluster state.
            for n in info.nodes:
                shutil.rmtree(data / n.name, ignore_errors=True)
            fresh = True
        info.nodes = [NodeInfo(f"node-{i + 1}", 0, 0) for i in range(nodes)]
    # Ports: keep the old ones where they are free (clients and the other nodes know them).
    taken: set[int] = set()
    for n in info.nodes:
        if _alive(n.pid):
            taken |= {n.http_port, n.transport_port}
            continue
        for attr in ("http_port", "transport_port"):
            port = getattr(n, attr)
            if not port or port in taken or not _port_free(port):
                port = _free_port()
                while port in taken:
                    port = _free_port()
            setattr(n, attr, port)
            taken.add(port)
    targets = [n for n in info.nodes if (only is None or n.name in only) and not _alive(n.pid)]
    expected = len(targets) + len(running_nodes(info))
    for n in targets:
        node_dir = data / n.name
        node_fresh = not (node_dir / "data").exists()
        for sub in ("config", "data", "logs", "tmp"):
            (node_dir / sub).mkdir(parents=True, exist_ok=True)
        (node_dir / "config" / "log4j2.properties").write_text(LOG4J2, "utf-8")
        (node_dir / "config" / "opensearch.yml").write_text(_node_settings(info, n, node_dir, fresh and node_fresh), "utf-8")
        for ports in ("http.ports", "transport.ports"):
            (node_dir / "logs" / ports).unlink(missing_ok=True)
        with open(node_dir / "logs" / "stdout.log", "ab") as out:
            proc = subprocess.Popen(
                _java_command(home, node_dir, heap), cwd=home, stdin=subprocess.DEVNULL,
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )
        n.pid = proc.pid
        log(f"started {n.name} (pid {n.pid}, http {n.http_port}, transport {n.transport_port})")
    _write_cluster(info)
    wait_green(info, timeout=timeout, expected_nodes=expected)
    return info


def wait_green(info: ClusterInfo, timeout: float = START_TIMEOUT, expected_nodes: int | None = None) -> dict:
    """Wait until every started node answers and the cluster is green with all nodes joined."""
    expected = expected_nodes or len(info.nodes)
    deadline = time.monotonic() + timeout
    data = Path(info.data_dir)
    last: dict | None = None
    while True:
        for n in info.nodes:
            if n.pid and not _alive(n.pid) and expected == len(info.nodes):
                raise NodeError(f"{n.name} exited during startup; its log ends:\n{_log_tail(data / n.name)}")
        for url in running_urls(info):
            last = cluster_health(f"{url}", timeout=5) or last
            if last and last.get("status") == "green" and last.get("number_of_nodes") == expected:
                return last
        if time.monotonic() > deadline:
            tails = "\n".join(f"--- {n.name}:\n{_log_tail(data / n.name, 10)}" for n in info.nodes)
            raise NodeError(f"cluster not green with {expected} node(s) after {timeout:.0f} s (last health: {last}):\n{tails}")
        time.sleep(1.0)


def running_urls(info: ClusterInfo) -> list[str]:
    """HTTP URLs of the nodes whose process is alive."""
    return [f"http://127.0.0.1:{n.http_port}" for n in info.nodes if _alive(n.pid)]


def stop(data_dir: str | os.PathLike | None = None, only: list[str] | None = None, timeout: float = STOP_TIMEOUT, log=print) -> int:
    """Stop the cluster's nodes (SIGTERM, then SIGKILL after timeout); return how many were running."""
    info = read_cluster(data_dir)
    if info is None:
        return 0
    targets = [n for n in info.nodes if (only is None or n.name in only) and _alive(n.pid)]
    for n in targets:
        os.kill(n.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for n in targets:
        while _alive(n.pid) and time.monotonic() < deadline:
            _reap(n.pid)
            time.sleep(0.2)
        if _alive(n.pid):
            os.kill(n.pid, signal.SIGKILL)
            log(f"{n.name} did not stop within {timeout:.0f} s: killed")
        _reap(n.pid)
        log(f"stopped {n.name} (pid {n.pid})")
    for n in info.nodes:
        if n in targets:
            n.pid = 0
    _write_cluster(info)
    return len(targets)


def _reap(pid: int) -> None:
    """Collect a node that is our own child, so it does not linger as a zombie."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
