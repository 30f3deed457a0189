package dev.nestbox.adapters.rest.security;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads whose Linux scheduling priority (nice) is lowered by the thread itself as it starts, so that the CPU work
 * they run (bcrypt) yields the cores to request handling whenever both want them.
 *
 * <p>On Linux the nice value belongs to each thread: {@code setpriority(PRIO_PROCESS, 0, nice)} called on a thread
 * changes that thread only. An unprivileged process may lower a thread's priority but never raise it back, hence
 * dedicated threads rather than request threads. Where lowering fails (not Linux, no JNA, refused) it is logged
 * once and the threads run at the process's priority.
 */
final class LowPriorityThreads implements ThreadFactory {
    private static final Logger LOG = LoggerFactory.getLogger(LowPriorityThreads.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final int PRIO_PROCESS = 0;
    /** Field 19 of /proc/[pid]/task/[tid]/stat: the nice value. */
    private static final int NICE_FIELD = 19;

    private final String name;
    private final int nice;
    private final AtomicInteger count = new AtomicInteger();

    /**
     * @param name prefix of the threads' names
     * @param nice the nice value the threads run at (0-19; 0 leaves them at the process's priority)
     */
    LowPriorityThreads(String name, int nice) {
        if (nice < 0 || nice > 19) {
            throw new IllegalArgumentException("nice must be within 0-19, not " + nice);
        }
        this.name = name;
        this.nice = nice;
    }

    @Override
    public Thread newThread(Runnable work) {
        Thread thread = new Thread(() -> {
            lowerCurrentThread(nice);
            work.run();
        }, name + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Lowers the calling thread's priority to {@code nice} unless it already runs at that nice or lower.
     *
     * @return whether the thread now runs at {@code nice} or lower
     */
    static boolean lowerCurrentThread(int nice) {
        if (nice <= 0) {
            return true;
        }
        OptionalInt current = currentNice();
        if (current.isPresent() && current.getAsInt() >= nice) {
            return true;
        }
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            warnOnce("not Linux (" + System.getProperty("os.name") + ")", null);
            return false;
        }
        try {
            if (LibC.INSTANCE.setpriority(PRIO_PROCESS, 0, nice) != 0) {
                warnOnce("setpriority failed with errno " + Native.getLastError(), null);
                return false;
            }
            return true;
        } catch (Throwable e) { // NoClassDefFoundError, UnsatisfiedLinkError: no JNA or no libc to bind
            warnOnce(e.toString(), e);
            return false;
        }
    }

    /** The calling thread's nice value, read from /proc/thread-self/stat; empty where there is no such file. */
    static OptionalInt currentNice() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            // Field 2, the command, is in parentheses and may hold spaces: count fields after its closing one.
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return OptionalInt.of(Integer.parseInt(rest[NICE_FIELD - 3]));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    private static void warnOnce(String why, Throwable cause) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("Could not lower the priority of the password-hashing threads ({}): they run at the process's "
                    + "priority, and a burst of log-ins competes with request handling for the CPU", why, cause);
        }
    }

    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int setpriority(int which, int who, int prio);
    }
}
