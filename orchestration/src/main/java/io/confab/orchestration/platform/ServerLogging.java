package io.confab.orchestration.platform;

/**
 * Logging configuration for the embedded servers' JVMs. Their output goes to one log file each under
 * {@code data/logs}; the levels keep those files readable: warnings, plus the lines that say a
 * server has started.
 */
final class ServerLogging {

    private ServerLogging() {
    }

    /** A log4j2 properties file (Kafka, Flink) logging to standard output at {@code rootLevel}. */
    static String log4j2(String rootLevel, String... infoLoggers) {
        StringBuilder config = new StringBuilder("""
                status = error
                appender.console.type = Console
                appender.console.name = STDOUT
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = %d{ISO8601} %-5p [%t] %c - %m%n
                rootLogger.level = ROOT_LEVEL
                rootLogger.appenderRef.stdout.ref = STDOUT
                """.replace("ROOT_LEVEL", rootLevel));
        for (int i = 0; i < infoLoggers.length; i++) {
            config.append("logger.l").append(i).append(".name = ").append(infoLoggers[i]).append('\n');
            config.append("logger.l").append(i).append(".level = INFO\n");
        }
        return config.toString();
    }

    /** A logback configuration (Cassandra, S3Proxy) logging to standard output at {@code rootLevel}. */
    static String logback(String rootLevel, String... infoLoggers) {
        StringBuilder config = new StringBuilder("""
                <configuration>
                  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                """);
        for (String logger : infoLoggers) {
            config.append("  <logger name=\"").append(logger).append("\" level=\"INFO\"/>\n");
        }
        config.append("  <root level=\"").append(rootLevel).append("\"><appender-ref ref=\"STDOUT\"/></root>\n");
        config.append("</configuration>\n");
        return config.toString();
    }
}
