"""A Maven repository on disk, written by a test: each artifact a POM with its dependencies and a jar with
one compiled class, ``lib.<artifact>.Info``, whose static ``version()`` returns the artifact's version.

``settings_xml`` makes a settings.xml whose local repository is a fresh directory and whose mirror of
``central`` is such a repository, so %maven in a kernel started with
``JAVA_TOOL_OPTIONS=-Dmaven.user.settings=...`` never reaches the network (other repositories, added with
%mavenRepo, are reached as given)."""
from __future__ import annotations

import os
import subprocess
import zipfile


def class_name(artifact: str) -> str:
    return "lib." + artifact.replace("-", "_") + ".Info"


def compile_jar(javac: str, work: str, jar: str, classes: dict[str, str], manifest_version: str | None = None) -> None:
    """Compiles ``{class name: source}`` with javac and writes the classes into ``jar``."""
    src = os.path.join(work, "src-" + os.path.basename(jar))
    out = os.path.join(work, "out-" + os.path.basename(jar))
    files = []
    for name, source in classes.items():
        path = os.path.join(src, *name.split(".")) + ".java"
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(source)
        files.append(path)
    subprocess.run([javac, "--release", "17", "-d", out, *files], check=True, capture_output=True)
    os.makedirs(os.path.dirname(jar), exist_ok=True)
    with zipfile.ZipFile(jar, "w") as z:
        mf = "Manifest-Version: 1.0\r\n" + (f"Implementation-Version: {manifest_version}\r\n" if manifest_version else "")
        z.writestr("META-INF/MANIFEST.MF", mf + "\r\n")
        for root, _, names in os.walk(out):
            for n in names:
                full = os.path.join(root, n)
                z.write(full, os.path.relpath(full, out))


def info_source(artifact: str, version: str) -> tuple[str, str]:
    name = class_name(artifact)
    pkg, simple = name.rsplit(".", 1)
    return name, (f"package {pkg};\npublic class {simple} {{\n"
                  f"    public static String version() {{ return \"{version}\"; }}\n}}\n")


def publish(javac: str, repo: str, group: str, artifact: str, version: str, deps: list[str] = (),
            extra_classes: dict[str, str] | None = None) -> None:
    """Writes group:artifact:version (POM and jar) into the repository directory ``repo``."""
    d = os.path.join(repo, *group.split("."), artifact, version)
    os.makedirs(d, exist_ok=True)
    dep_xml = "".join(
        f"<dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version></dependency>"
        for g, a, v in (x.split(":") for x in deps))
    with open(os.path.join(d, f"{artifact}-{version}.pom"), "w", encoding="utf-8") as f:
        f.write(f"""<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>{group}</groupId><artifactId>{artifact}</artifactId><version>{version}</version>
<dependencies>{dep_xml}</dependencies></project>
""")
    classes = dict([info_source(artifact, version)])
    classes.update(extra_classes or {})
    compile_jar(javac, d, os.path.join(d, f"{artifact}-{version}.jar"), classes, manifest_version=version)


def settings_xml(path: str, local: str, mirror_url: str, offline: bool = False) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"""<settings>
  <localRepository>{local}</localRepository>
  <offline>{str(offline).lower()}</offline>
  <mirrors><mirror><id>test-central</id><mirrorOf>central</mirrorOf><url>{mirror_url}</url></mirror></mirrors>
</settings>
""")
