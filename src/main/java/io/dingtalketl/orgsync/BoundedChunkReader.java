package io.dingtalketl.orgsync;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Forms the chunks of a chunk-oriented step by size and by time ({@link ChunkLimit}): each item it
 * returns is one whole chunk, the list of the items its delegate read until the limit. The step is built
 * with {@code chunk(1)}, {@link #eachItem} around its processor and {@link #allItems} around its writer.
 *
 * <p><b>Why a reader.</b> Spring Batch 6's {@code ChunkOrientedStep} (from {@code StepBuilder.chunk(int)})
 * ends a chunk by item count only: it takes no {@code CompletionPolicy}, and a reader that returns null
 * ends the step, not the chunk. Time-bounded completion policies ({@code TimeoutTerminationPolicy} in a
 * {@code CompositeCompletionPolicy}) work only with {@code chunk(CompletionPolicy, transactionManager)},
 * which builds the old {@code TaskletStep} and is deprecated for removal. Gathering the chunk here keeps
 * the current step and everything it does per chunk unchanged.
 *
 * <p><b>Restart.</b> The step calls {@link #update} after writing each chunk and commits the delegate's
 * saved position with the chunk's rows, in one transaction, as it would with {@code chunk(maxItems)}:
 * the position is the one after the chunk's last item, so a restart resumes at the first uncommitted
 * item and loses or repeats none.
 *
 * <p><b>Counts.</b> The step counts one read and one write per chunk; this reader and {@link #allItems}
 * add the rest to the step execution, so that its read and write counts stay those of the delegate's items
 * (user pages, walk pages).
 *
 * <p>Not thread-safe: one per step execution (step scope), like its delegate.
 *
 * @param <T> the delegate's item
 */
public class BoundedChunkReader<T> implements ItemStreamReader<List<T>> {

    private final ItemStreamReader<T> delegate;
    private final ChunkLimit limit;
    private boolean exhausted;

    BoundedChunkReader(ItemStreamReader<T> delegate, ChunkLimit limit) {
        this.delegate = delegate;
        this.limit = limit;
    }

    /** The next chunk: at least one item, at most the limit's; null when the delegate has no more. */
    @Override
    public @Nullable List<T> read() throws Exception {
        if (exhausted) {
            return null;
        }
        List<T> items = new ArrayList<>();
        ChunkLimit.Started chunk = null;
        while (chunk == null || !chunk.isComplete(items.size())) {
            T item = delegate.read();
            if (item == null) {
                exhausted = true;
                break;
            }
            items.add(item);
            addToCurrentStep(1, 0); // counted as read even if the chunk fails before it is complete, as the step would
            if (chunk == null) {
                chunk = limit.start();
            }
        }
        if (items.isEmpty()) {
            return null;
        }
        addToCurrentStep(-1, 0); // the step counts the chunk itself as one read
        return items;
    }

    @Override
    public void open(ExecutionContext context) throws ItemStreamException {
        exhausted = false;
        delegate.open(context);
    }

    @Override
    public void update(ExecutionContext context) throws ItemStreamException {
        delegate.update(context);
    }

    @Override
    public void close() throws ItemStreamException {
        delegate.close();
    }

    /** The step's processor for chunks of this reader: {@code processor} applied to each item; null results are dropped. */
    static <I, O> ItemProcessor<List<I>, List<O>> eachItem(ItemProcessor<I, O> processor) {
        return items -> {
            List<O> processed = new ArrayList<>(items.size());
            for (I item : items) {
                O result = processor.process(item);
                if (result != null) {
                    processed.add(result);
                }
            }
            return processed;
        };
    }

    /** The step's writer for chunks of this reader: writes all items of a chunk with {@code writer}, in one call. */
    static <T> ItemWriter<List<T>> allItems(ItemWriter<T> writer) {
        return chunks -> {
            List<T> items = new ArrayList<>();
            for (List<T> chunk : chunks) {
                items.addAll(chunk);
            }
            writer.write(new Chunk<>(items));
            addToCurrentStep(0, items.size() - chunks.size());
        };
    }

    private static void addToCurrentStep(long reads, long writes) {
        StepContext context = StepSynchronizationManager.getContext();
        if (context == null) {
            return;
        }
        StepExecution step = context.getStepExecution();
        step.setReadCount(step.getReadCount() + reads);
        step.setWriteCount(step.getWriteCount() + writes);
    }
}
