package dev.muster.ssh;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Bounds concurrent SSH handshakes per endpoint (one sshd, or the jump host a route starts at)
 * and overall. sshd's default MaxStartups (10:30:100) drops connections once 10 are
 * unauthenticated; limiting per endpoint keeps us under it without slowing other endpoints.
 */
final class HandshakeLimiter {
    private final int perEndpoint;
    private final Semaphore global;
    private final Map<String, Semaphore> endpoints = new ConcurrentHashMap<>();

    HandshakeLimiter(int perEndpoint, int global) {
        this.perEndpoint = perEndpoint;
        this.global = new Semaphore(global, true);
    }

    /** Waits for a slot at {@code endpoint} and a global one; close the permit to free both. */
    Permit acquire(String endpoint) throws InterruptedException {
        Semaphore local = endpoints.computeIfAbsent(endpoint, e -> new Semaphore(perEndpoint, true));
        local.acquire();
        try {
            global.acquire();
        } catch (InterruptedException e) {
            local.release();
            throw e;
        }
        return new Permit(local);
    }

    final class Permit implements AutoCloseable {
        private final Semaphore local;
        private boolean released;

        private Permit(Semaphore local) {
            this.local = local;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                global.release();
                local.release();
            }
        }
    }
}
