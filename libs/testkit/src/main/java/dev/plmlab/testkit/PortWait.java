package dev.plmlab.testkit;

import java.time.Duration;
import java.util.Arrays;

/** Waits for the ports of a process that has just stopped to be free again, before it is started on them anew. */
final class PortWait {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    private PortWait() {
    }

    static void untilBindable(String what, int... ports) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!Arrays.stream(ports).allMatch(FreePorts::isBindable)) {
            if (System.nanoTime() > deadline) {
                throw new InfraStartException("cannot restart " + what + ": port(s) " + Arrays.toString(ports)
                        + " still in use " + LIMIT.toSeconds() + " s after it stopped");
            }
            ChildProcess.pause(200);
        }
    }
}
