package io.dingtalketl.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * Memory of this JVM over one phase of the benchmark: peak heap in use (the most the heap held at one
 * moment: just before a collection, or at the end), the largest heap left after a collection (an upper
 * bound of what the phase retained: a young collection leaves the old generation's garbage in place), GC
 * count and time, and the process's peak resident set (VmHWM, reset per phase through
 * /proc/self/clear_refs).
 */
final class ResourceMeter {

    /** One phase's figures, in bytes and milliseconds. */
    record Usage(long peakHeapUsed, long maxHeapAfterGc, long gcCount, long gcMillis, long peakRss, boolean rssReset) {
    }

    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private final java.util.Set<String> heapPoolNames = heapPools.stream().map(MemoryPoolMXBean::getName)
            .collect(java.util.stream.Collectors.toSet());
    private final AtomicLong maxAfterGc = new AtomicLong();
    private final AtomicLong maxBeforeGc = new AtomicLong();
    private long gcCountAtStart;
    private long gcMillisAtStart;
    private boolean rssReset;

    ResourceMeter() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                maxBeforeGc.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
                maxAfterGc.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
            }, null, null);
        }
    }

    /** Starts a phase: forgets earlier peaks. */
    void reset() {
        System.gc();
        maxAfterGc.set(0);
        maxBeforeGc.set(0);
        gcCountAtStart = gcCount();
        gcMillisAtStart = gcMillis();
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // resets VmHWM to the current RSS
            rssReset = true;
        } catch (IOException | RuntimeException e) {
            rssReset = false;
        }
    }

    Usage usage() {
        long now = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            now += pool.getUsage().getUsed();
        }
        return new Usage(Math.max(now, maxBeforeGc.get()), maxAfterGc.get(), gcCount() - gcCountAtStart, gcMillis() - gcMillisAtStart, vmHwm(), rssReset);
    }

    private long heapUsed(java.util.Map<String, MemoryUsage> pools) {
        long used = 0;
        for (var pool : pools.entrySet()) {
            if (heapPoolNames.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        return used;
    }

    /** CPU time this JVM has used so far, all threads. */
    static java.time.Duration processCpu() {
        return java.time.Duration.ofNanos(((com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime());
    }

    static long maxHeap() {
        return Runtime.getRuntime().maxMemory();
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    /** Peak resident set of this process (VmHWM), in bytes; -1 where /proc is not available. */
    private static long vmHwm() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
