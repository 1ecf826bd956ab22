package io.dingtalketl.orgsync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A chunk commits at its size or at its time, whichever comes first; a clock of our own stands in for time. */
class ChunkLimitTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ChunkLimit limit = new ChunkLimit(50, Duration.ofSeconds(1), now::get);

    @Test
    void aChunkIsCompleteWhenItReachesItsSize() {
        ChunkLimit.Started chunk = limit.start();

        assertThat(chunk.isComplete(49)).isFalse();
        assertThat(chunk.isComplete(50)).isTrue();
    }

    @Test
    void aChunkIsCompleteWhenItsTimeIsUpWhateverItsSize() {
        ChunkLimit.Started chunk = limit.start();
        advance(Duration.ofMillis(999));
        assertThat(chunk.isComplete(3)).isFalse();
        assertThat(chunk.timeLeft()).isEqualTo(Duration.ofMillis(1));

        advance(Duration.ofMillis(1));
        assertThat(chunk.isComplete(3)).isTrue();
        assertThat(chunk.timeLeft()).isZero();
    }

    @Test
    void eachChunkHasItsOwnClock() {
        ChunkLimit.Started first = limit.start();
        advance(Duration.ofMillis(600));
        ChunkLimit.Started second = limit.start();
        advance(Duration.ofMillis(600));

        assertThat(first.isComplete(1)).isTrue();
        assertThat(second.isComplete(1)).isFalse();
    }

    @Test
    void refusesLimitsThatWouldNeverLetAChunkGrow() {
        assertThatThrownBy(() -> new ChunkLimit(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChunkLimit(10, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readerEndsAChunkAtItsSizeWhenItemsComeFast() throws Exception {
        Pages pages = new Pages(12, Duration.ofMillis(10));
        BoundedChunkReader<Integer> reader = new BoundedChunkReader<>(pages, new ChunkLimit(5, Duration.ofSeconds(1), now::get));
        reader.open(new ExecutionContext());

        assertThat(chunks(reader)).containsExactly(List.of(1, 2, 3, 4, 5), List.of(6, 7, 8, 9, 10), List.of(11, 12));
    }

    @Test
    void readerEndsAChunkAtItsTimeWhenItemsComeSlowly() throws Exception {
        // 300 ms per item: the clock starts at a chunk's first item, and the item that crosses 1 s ends it
        Pages pages = new Pages(12, Duration.ofMillis(300));
        BoundedChunkReader<Integer> reader = new BoundedChunkReader<>(pages, new ChunkLimit(50, Duration.ofSeconds(1), now::get));
        reader.open(new ExecutionContext());

        assertThat(chunks(reader)).containsExactly(List.of(1, 2, 3, 4, 5), List.of(6, 7, 8, 9, 10), List.of(11, 12));
    }

    @Test
    void positionSavedAfterAChunkIsTheOneAfterItsLastItemSoARestartResumesThere() throws Exception {
        Pages pages = new Pages(12, Duration.ofMillis(300));
        BoundedChunkReader<Integer> reader = new BoundedChunkReader<>(pages, new ChunkLimit(50, Duration.ofSeconds(1), now::get));
        ExecutionContext saved = new ExecutionContext();
        reader.open(saved);
        assertThat(reader.read()).containsExactly(1, 2, 3, 4, 5);
        reader.update(saved); // the step commits the chunk's rows and this position together
        reader.read();        // read, not committed: the process dies here
        reader.close();

        BoundedChunkReader<Integer> restarted = new BoundedChunkReader<>(new Pages(12, Duration.ofMillis(300)),
                new ChunkLimit(50, Duration.ofSeconds(1), now::get));
        restarted.open(saved);
        assertThat(chunks(restarted)).containsExactly(List.of(6, 7, 8, 9, 10), List.of(11, 12));
    }

    private static List<List<Integer>> chunks(BoundedChunkReader<Integer> reader) throws Exception {
        List<List<Integer>> chunks = new ArrayList<>();
        for (List<Integer> chunk = reader.read(); chunk != null; chunk = reader.read()) {
            chunks.add(chunk);
        }
        assertThat(reader.read()).as("stays exhausted").isNull();
        return chunks;
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    /** Items 1..count, each taking {@code each} on our clock, like pages DingTalk answers at a steady pace. */
    private final class Pages implements ItemStreamReader<Integer> {

        private final int count;
        private final Duration each;
        private int last;

        Pages(int count, Duration each) {
            this.count = count;
            this.each = each;
        }

        @Override
        public void open(ExecutionContext context) {
            last = context.getInt("last", 0);
        }

        @Override
        public Integer read() {
            if (last == count) {
                return null;
            }
            advance(each);
            return ++last;
        }

        @Override
        public void update(ExecutionContext context) {
            context.putInt("last", last);
        }
    }
}
