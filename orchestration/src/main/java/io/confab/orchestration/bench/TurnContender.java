package io.confab.orchestration.bench;

import io.confab.core.stun.StunClass;
import io.confab.core.stun.StunDecoder;
import io.confab.core.stun.StunMessage;
import io.confab.core.stun.StunMessageBuilder;
import io.confab.core.stun.StunMethod;
import io.confab.core.stun.TransactionId;
import io.confab.orchestration.platform.Installation;
import io.confab.orchestration.platform.ServerProcess;
import io.confab.orchestration.platform.StartupFailure;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A TURN server under load in {@code confab bench turn}, each in a process of its own so its
 * resident memory is its own: Confab's {@code StandaloneTurnServer} JVM, or Debian's coturn
 * {@code turnserver}. Both take ephemeral (TURN REST) credentials from the same shared secret,
 * listen on loopback without TLS, allow loopback peers (client and peer are on this machine) and
 * relay from ports of their own.
 */
public final class TurnContender implements AutoCloseable {

    public static final String COTURN = "/usr/bin/turnserver";
    static final String REALM = "bench";

    private final String name;
    private final int port;
    private final Process process;
    private final ServerProcess jvm;

    private TurnContender(String name, int port, Process process, ServerProcess jvm) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.jvm = jvm;
    }

    /**
     * Confab's TURN server alone in a JVM. Quotas and the Allocate rate are lifted to coturn's
     * defaults (no per-user quota, no rate limit): the bench opens hundreds of allocations a second
     * for one user from one address, which the production defaults rightly refuse.
     */
    public static TurnContender confab(Installation installation, Path dir, int port, int relayMin, int relayMax,
                                       Path secretFile) throws StartupFailure {
        ServerProcess jvm = ServerProcess.jvm("turn-bench", installation.moduleClasspath("realtime-core"),
                List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                "io.confab.core.turn.transport.StandaloneTurnServer",
                List.of("--host=127.0.0.1", "--port=" + port, "--realm=" + REALM, "--secret-file=" + secretFile,
                        "--relay-ports=" + relayMin + "-" + relayMax, "--allow-loopback=true",
                        "--user-quota=1000000", "--total-quota=1000000", "--allocate-rate=1000000"),
                dir.resolve("confab-turn.log"));
        jvm.start();
        return new TurnContender("confab", port, null, jvm);
    }

    /** coturn's {@code turnserver} with a generated configuration on the given ports, logging into {@code dir}. */
    public static TurnContender coturn(Path dir, int port, int relayMin, int relayMax, String secret) throws IOException {
        Path log = dir.resolve("coturn.log");
        Process process = new ProcessBuilder(COTURN, "-n", "--listening-ip", "127.0.0.1", "--relay-ip", "127.0.0.1",
                "--listening-port", Integer.toString(port), "--use-auth-secret", "--static-auth-secret", secret,
                "--realm", REALM, "--allow-loopback-peers", "--no-tls", "--no-dtls", "--no-cli",
                "--min-port", Integer.toString(relayMin), "--max-port", Integer.toString(relayMax),
                "--log-file", log.toString(), "--simple-log", "--pidfile", dir.resolve("coturn.pid").toString(),
                "--no-stdout-log")
                .redirectErrorStream(true).redirectOutput(dir.resolve("coturn.out").toFile()).start();
        return new TurnContender("coturn", port, process, null);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return jvm != null ? jvm.pid() : process.pid();
    }

    public ProcessMemory memory() {
        return ProcessMemory.of(List.of(pid()));
    }

    /** Waits until the server answers a STUN Binding request on its UDP port. */
    public void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(250);
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
            while (System.nanoTime() < deadline) {
                if (!alive()) {
                    throw new IOException(name + " exited during start-up; see its log");
                }
                byte[] request = new StunMessageBuilder(StunClass.REQUEST, StunMethod.BINDING, TransactionId.random()).encode();
                socket.send(new DatagramPacket(request, request.length, server));
                DatagramPacket answer = new DatagramPacket(new byte[1500], 1500);
                try {
                    socket.receive(answer);
                    if (StunDecoder.decode(answer.getData(), 0, answer.getLength()) instanceof StunMessage message
                            && message.is(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING)) {
                        return;
                    }
                } catch (SocketTimeoutException e) {
                    Thread.sleep(100);
                }
            }
        }
        throw new IOException(name + " did not answer STUN on udp 127.0.0.1:" + port + " within " + timeout.toSeconds() + " s");
    }

    private boolean alive() {
        return jvm != null ? jvm.alive() : process.isAlive();
    }

    @Override
    public void close() {
        if (jvm != null) {
            jvm.stop();
        } else if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The shared secret in a file only this user can read, which keeps it off our server's command line. */
    public static Path writeSecret(Path dir, String secret) throws IOException {
        Path file = Files.createFile(dir.resolve("turn.secret"), java.nio.file.attribute.PosixFilePermissions
                .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret);
        return file;
    }
}
