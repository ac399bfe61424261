package fileserver.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** CPU time of a process, read from {@code /proc/PID/stat}. */
final class ProcStat {
    /** USER_HZ, the unit of those times: 100 on every Linux ABI in use. */
    static final long CLOCK_TICKS_PER_SECOND = 100;

    private ProcStat() {
    }

    /** CPU ticks of {@code pid} and its children (nginx's workers, for one). */
    static long treeCpuTicks(long pid) {
        long ticks = cpuTicks(Long.toString(pid));
        for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.children().toList()).orElse(List.of())) {
            ticks += cpuTicks(Long.toString(child.pid()));
        }
        return ticks;
    }

    /** utime + stime of {@code pid} ("self" for this JVM) in clock ticks, or 0 if it is gone. */
    static long cpuTicks(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            // The command, in brackets, may hold spaces: count fields from after its ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command: state is field 3, utime field 14, stime field 15.
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Ticks as seconds. */
    static double seconds(long ticks) {
        return ticks / (double) CLOCK_TICKS_PER_SECOND;
    }
}
