# The memfleet aggregator image, from the Maven build's output: run `mvn -B -DskipTests package`
# first (docker-compose.yml builds this with the repository root as context). The entrypoint runs
# the aggregator's jar; the arguments are those of `memfleet aggregator` (docker-compose.yml gives
# them).
FROM eclipse-temurin:17-jre

# A system user that owns only the state directory (a new named volume mounted there inherits it).
RUN groupadd --system memfleet \
    && useradd --system --gid memfleet --home-dir /nonexistent --no-create-home \
       --shell /usr/sbin/nologin --comment "memfleet aggregator" memfleet \
    && install -d -o memfleet -g memfleet -m 0700 /var/lib/memfleet/aggregator

COPY aggregator/target/lib/ /opt/memfleet/aggregator/lib/
COPY aggregator/target/memfleet-aggregator.jar /opt/memfleet/aggregator/memfleet-aggregator.jar
# Read by default (/etc/memfleet/aggregator.properties): binds the HTTP API to the container's
# addresses instead of loopback, so a published port reaches it.
COPY deploy/docker/aggregator.properties /etc/memfleet/aggregator.properties

USER memfleet
WORKDIR /var/lib/memfleet/aggregator
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/memfleet/aggregator/memfleet-aggregator.jar"]
CMD ["--help"]
