package fileserver.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Samples the server's {@code /proc/PID/status} every 100 ms on a daemon thread, for its
 * peak thread count and RSS; and its CPU time (with its children's) from start to stop.
 * VmHWM is the kernel's own peak, so a spike between two samples is not missed.
 */
final class ServerSampler {
    /** What the sampler saw: peaks, and CPU ticks used between start and stop. */
    record Peaks(int threads, long rssKib, long hwmKib, long cpuTicks) {
    }

    private final long pid;
    private final Thread thread;
    private volatile boolean running = true;
    private int peakThreads;
    private long peakRssKib;
    private long hwmKib;
    private long ticksBefore;

    ServerSampler(long pid) {
        this.pid = pid;
        this.thread = new Thread(this::sample, "server-sampler");
        this.thread.setDaemon(true);
    }

    void start() {
        ticksBefore = ProcStat.treeCpuTicks(pid);
        sampleOnce();
        thread.start();
    }

    Peaks stop() {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sampleOnce();
        synchronized (this) {
            return new Peaks(peakThreads, peakRssKib, hwmKib, ProcStat.treeCpuTicks(pid) - ticksBefore);
        }
    }

    private void sample() {
        while (running) {
            sampleOnce();
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sampleOnce() {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
        } catch (IOException e) {
            return; // the server is gone; keep what was seen
        }
        for (String line : lines) {
            if (line.startsWith("Threads:")) {
                peakThreads = Math.max(peakThreads, (int) number(line));
            } else if (line.startsWith("VmRSS:")) {
                peakRssKib = Math.max(peakRssKib, number(line));
            } else if (line.startsWith("VmHWM:")) {
                hwmKib = Math.max(hwmKib, number(line));
            }
        }
    }

    /** The number in a status line such as {@code VmRSS:   123456 kB}. */
    private static long number(String line) {
        String[] words = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        return Long.parseLong(words[0]);
    }
}
