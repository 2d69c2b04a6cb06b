# The memfleet collector image, from the Maven build's output: run `mvn -B -DskipTests package`
# first (docker-compose.yml builds this with the repository root as context). The same jar, JVM
# flags and launcher as the systemd unit and the .deb: /usr/bin/memfleet-collector runs
#   java @/etc/memfleet/collector-jvm.options -jar /opt/memfleet/collector/memfleet-collector.jar ARGS
# and ARGS are those of `memfleet collector` (docker-compose.yml gives them).
FROM eclipse-temurin:17-jre

COPY collector/target/lib/ /opt/memfleet/collector/lib/
COPY collector/target/memfleet-collector.jar /opt/memfleet/collector/memfleet-collector.jar
COPY deploy/collector-jvm.options /etc/memfleet/collector-jvm.options
COPY deploy/bin/memfleet-collector /usr/bin/memfleet-collector

# The environment collector-jvm.options declares, as the unit's Environment= (the launcher would
# export it too; here it also holds for `docker exec ... java`): glibc's per-thread malloc
# arenas cost RSS. Crash files land in the state directory.
ENV MALLOC_ARENA_MAX=2
WORKDIR /var/lib/memfleet-collector

# Runs as root in the container: Docker gives a non-root user no capabilities, and the collector
# needs CAP_SYS_PTRACE (docker-compose.yml: cap_drop ALL, cap_add SYS_PTRACE, read-only root).
ENTRYPOINT ["/usr/bin/memfleet-collector"]
CMD ["--help"]
