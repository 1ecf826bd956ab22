package io.dingtalketl.events;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import com.dingtalk.open.app.api.OpenDingTalkClient;
import com.dingtalk.open.app.api.OpenDingTalkStreamClientBuilder;
import com.dingtalk.open.app.stream.network.api.Session;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link StreamReceiver} needs from DingTalk's Stream SDK (1.3.12) that it offers no public way to do,
 * done by reflection on the SDK's private fields: pointing the client at another gateway host, seeing whether
 * it holds an open connection, and reaching the pool that writes its answers, to drain it before the client
 * closes. All three depend on that SDK version's internals; the Stream tests cover them, so an SDK upgrade that
 * moves them fails there.
 */
final class StreamSdkAccess {

    private static final Logger log = LoggerFactory.getLogger(StreamSdkAccess.class);
    private static final AtomicBoolean STATE_UNREADABLE_REPORTED = new AtomicBoolean();

    private StreamSdkAccess() {
    }

    /**
     * Sets the builder's gateway host ({@code openApiHost}, private in the SDK: only DingTalk's own hosts are
     * offered); an {@code http://} host is accepted.
     */
    static void pointAt(OpenDingTalkStreamClientBuilder builder, String openApiHost) {
        try {
            field(OpenDingTalkStreamClientBuilder.class, "openApiHost").set(builder, openApiHost);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("etl.events.stream.open-api-host cannot be applied to this version of "
                    + "DingTalk's Stream SDK (its builder has no field openApiHost any more): " + e, e);
        }
    }

    /**
     * How many connections the started {@code client} holds open and not draining (a gateway that announced
     * a disconnect is draining); 0 before it started, after it stopped, or when the SDK's state cannot be read
     * (reported once, as a warning).
     */
    static int openConnections(OpenDingTalkClient client) {
        try {
            Object network = field(client.getClass(), "netWorkService").get(client);
            if (network == null) {
                return 0;
            }
            Object pool = field(network.getClass(), "sessionPool").get(network);
            Map<?, ?> sessions = (Map<?, ?>) field(pool.getClass(), "sessions").get(pool);
            int open = 0;
            for (Object value : sessions.values()) {
                if (value instanceof Session session && session.isActive() && !session.isGoAway()) {
                    open++;
                }
            }
            return open;
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (STATE_UNREADABLE_REPORTED.compareAndSet(false, true)) {
                log.warn("The connection state of DingTalk's Stream SDK cannot be read ({}): the Stream receiver "
                        + "reports itself as not connected", e.toString());
            }
            return 0;
        }
    }

    /**
     * The client's consumer pool: the threads that run the listener and then write its answer. The SDK's own
     * {@code stop()} closes the connections before it shuts this pool, losing the answers still being written;
     * draining it first lets them out. Null (reported as a warning) when the SDK's fields cannot be read.
     */
    static @Nullable ExecutorService consumers(OpenDingTalkClient client) {
        try {
            return (ExecutorService) field(client.getClass(), "executor").get(client);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("The consumer threads of DingTalk's Stream SDK cannot be reached ({}): answers still being "
                    + "written when it stops are lost, and DingTalk delivers those events again", e.toString());
            return null;
        }
    }

    private static Field field(@Nullable Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(name);
    }
}
