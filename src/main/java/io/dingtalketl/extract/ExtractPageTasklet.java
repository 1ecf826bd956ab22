package io.dingtalketl.extract;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.dingtalketl.client.DingTalkApiException;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.ErrorCategory;
import io.dingtalketl.orgsync.MaxCalls;
import io.dingtalketl.extract.ExtractProperties.Extract;
import io.dingtalketl.extract.ExtractProperties.Type;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.http.HttpMethod;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fetches one page of an extract per call and writes its items to {@code raw_<name>}. Restartable by page:
 * the position of the next page is kept in the step's {@link ExecutionContext} ({@value #PAGE}, {@value #CURSOR},
 * {@value #OFFSET}), which the tasklet step saves in the same transaction as the page's rows; a failed page
 * writes nothing and leaves the position where it was, so a restart fetches it again and never duplicates
 * a row. Not thread-safe: one instance per step execution.
 */
class ExtractPageTasklet implements Tasklet {

    /** Pages committed so far. */
    static final String PAGE = "extract.pages";
    /** Cursor of the next page, as JSON text (a number or a string); absent before the first page. */
    static final String CURSOR = "extract.cursor";
    /** Offset of the next page. */
    static final String OFFSET = "extract.offset";
    /** For-each extracts: index of the next source item to call with. */
    static final String ITEM = "extract.item";
    /** The largest item written, in UTF-8 bytes of its JSON text. */
    static final int MAX_ITEM_BYTES = 2 * 1024 * 1024;
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String name;
    private final Extract extract;
    private final LocalDate runDate;
    private final long runId;
    private final DingTalkClient client;
    private final RawTable table;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock;
    private final Supplier<List<String>> forEachSource;
    private final MaxCalls maxCalls;
    private @Nullable List<String> forEach;
    private @Nullable String item;

    ExtractPageTasklet(String name, Extract extract, LocalDate runDate, long runId, DingTalkClient client, RawTable table,
                       Clock clock, Supplier<List<String>> forEachSource, MaxCalls maxCalls) {
        this.forEachSource = forEachSource;
        this.maxCalls = maxCalls;
        this.name = name;
        this.extract = extract;
        this.runDate = runDate;
        this.runId = runId;
        this.client = client;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        ExecutionContext position = contribution.getStepExecution().getExecutionContext();
        int page = position.getInt(PAGE, 0) + 1;
        int itemIndex = position.getInt(ITEM, 0);
        if (extract.forEach() != null) {
            if (forEach == null) {
                forEach = forEachSource.get();
            }
            if (itemIndex >= forEach.size()) {
                return RepeatStatus.FINISHED;   // the source landed no items
            }
            item = forEach.get(itemIndex);
        }
        @Nullable String cursor = position.containsKey(CURSOR) ? position.getString(CURSOR) : null;
        long offset = position.getLong(OFFSET, 0L);
        String where = "Extract '" + name + "' page " + page + switch (extract.pagination().type()) {
            case CURSOR -> cursor == null ? " (first page)" : " (cursor " + cursor + ")";
            case OFFSET -> " (offset " + offset + ")";
            case NONE -> item == null ? "" : " (item " + item + ")";
        };

        if (extract.metered() && !maxCalls.take()) {
            return RepeatStatus.CONTINUABLE;   // maxCalls spent: no call, nothing written; the step stops here
        }
        JsonNode answer;
        try {
            answer = call(cursor, offset);
        } catch (DingTalkApiException e) {
            if (e.category() == ErrorCategory.QUOTA_EXHAUSTED) {
                throw new ExtractException(where + ": DingTalk's monthly quota of metered API calls is used up: " + e.quotaNumbers()
                        + ". " + e.getMessage(), e);
            }
            throw new ExtractException(where + ": " + e.getMessage(), e);
        }
        JsonNode items = answer.at(pointer(extract.itemsPath()));
        if (items.isObject()) {
            items = json.createArrayNode().add(items);   // an API that answers one object: one item
        }
        if (!items.isArray()) {
            throw new ExtractException(where + ": the items path '" + extract.itemsPath() + "' "
                    + (items.isMissingNode() ? "matches nothing" : "is not an array") + " in the answer. Nothing of this page was written;"
                    + " check etl.extracts." + name + ".items-path against the API's answer.");
        }
        List<RawTable.Item> rows = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String text = json.writeValueAsString(item);
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_ITEM_BYTES) {
                throw new ExtractException(where + ": item " + (i + 1) + " is " + bytes + " bytes of JSON, over the limit of "
                        + MAX_ITEM_BYTES + " (2 MB). Nothing of this page was written.");
            }
            rows.add(new RawTable.Item(key(item), text));
        }
        Instant fetchedAt = clock.instant();
        table.insert(runId, page, fetchedAt, rows);
        contribution.incrementWriteCount(rows.size());

        boolean more = switch (extract.pagination().type()) {
            case NONE -> {
                if (forEach == null) {
                    yield false;
                }
                position.putInt(ITEM, itemIndex + 1);
                yield itemIndex + 1 < forEach.size();
            }
            case CURSOR -> {
                JsonNode next = answer.at(pointer(extract.pagination().nextCursorPath()));
                boolean hasNext = !next.isMissingNode() && !next.isNull();
                JsonNode hasMore = answer.at(pointer(extract.pagination().hasMorePath()));
                if (!hasMore.isMissingNode() && hasMore.asBoolean() && !hasNext) {
                    throw new ExtractException(where + ": the answer says " + extract.pagination().hasMorePath()
                            + " is true but has no " + extract.pagination().nextCursorPath() + ". Nothing of this page was written.");
                }
                boolean continues = hasMore.isMissingNode() ? hasNext : hasMore.asBoolean();
                if (continues) {
                    position.putString(CURSOR, json.writeValueAsString(next));
                }
                yield continues;
            }
            case OFFSET -> {
                JsonNode hasMore = answer.at(pointer(extract.pagination().hasMorePath()));
                boolean continues = hasMore.isMissingNode() ? items.size() >= extract.pageSize() : hasMore.asBoolean();
                position.putLong(OFFSET, offset + items.size());
                yield continues && !items.isEmpty();
            }
        };
        position.putInt(PAGE, page);
        return more ? RepeatStatus.CONTINUABLE : RepeatStatus.FINISHED;
    }

    private JsonNode call(@Nullable String cursor, long offset) {
        Type paging = extract.pagination().type();
        Map<String, String> params = new LinkedHashMap<>();
        extract.params().forEach((key, value) -> params.put(key, window(value)));
        if (extract.method() == HttpMethod.GET) {
            if (paging == Type.CURSOR && cursor != null) {
                params.put(extract.pagination().cursorField(), json.readTree(cursor).asString());
            }
            if (paging == Type.OFFSET) {
                params.put(extract.pagination().offsetField(), Long.toString(offset));
            }
            if (paging != Type.NONE) {
                params.put(extract.pagination().sizeField(), Integer.toString(extract.pageSize()));
            }
            return client.callJson(HttpMethod.GET, extract.path(), params, null, extract.metered());
        }
        ObjectNode body = body();
        if (paging == Type.CURSOR && cursor != null) {
            body.set(extract.pagination().cursorField(), json.readTree(cursor));
        }
        if (paging == Type.OFFSET) {
            body.put(extract.pagination().offsetField(), offset);
        }
        if (paging != Type.NONE) {
            body.put(extract.pagination().sizeField(), extract.pageSize());
        }
        return client.callJson(extract.method(), extract.path(), params, json.writeValueAsString(body), extract.metered());
    }

    private ObjectNode body() {
        if (extract.body() == null || extract.body().isBlank()) {
            return json.createObjectNode();
        }
        try {
            if (json.readTree(window(extract.body())) instanceof ObjectNode object) {
                return object;
            }
        } catch (JacksonException notJson) {
            // reported below
        }
        throw new IllegalArgumentException("etl.extracts." + name + ".body is not a JSON object once its placeholders are"
                + " replaced: " + window(extract.body()));
    }

    /** The template with the run's date window in it (formats in {@link ExtractProperties}). */
    String window(String template) {
        var from = runDate.atStartOfDay(extract.timeZone());
        var to = runDate.plusDays(1).atStartOfDay(extract.timeZone());
        return template
                .replace("${item}", item == null ? "${item}" : item)
                .replace("${fromMillis}", Long.toString(from.toInstant().toEpochMilli()))
                .replace("${toMillis}", Long.toString(to.toInstant().toEpochMilli()))
                .replace("${fromTime}", DATE_TIME.format(from))
                .replace("${toTime}", DATE_TIME.format(to))
                .replace("${from}", from.toLocalDate().toString())
                .replace("${to}", to.toLocalDate().toString());
    }

    private @Nullable String key(JsonNode item) {
        if (extract.itemKeyPath() == null || extract.itemKeyPath().isBlank()) {
            return this.item;   // a for-each extract's rows are keyed by the value they were fetched for
        }
        JsonNode key = item.at(pointer(extract.itemKeyPath()));
        return key.isMissingNode() || key.isNull() ? null : key.asString();
    }

    private static String pointer(String dottedPath) {
        return "/" + dottedPath.replace('.', '/');
    }
}
