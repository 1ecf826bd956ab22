package io.dingtalketl.extract;

import java.time.ZoneId;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpMethod;
import org.springframework.validation.annotation.Validated;

/**
 * The configured extracts ({@code etl.extracts.<name>.*}); the name (lower case letters, digits, {@code _})
 * names the table {@code raw_<name>}.
 *
 * <p>In {@link Extract#body} and the values of {@link Extract#params}, these placeholders are replaced by the
 * run's date window, which is the run date, midnight to midnight in {@link Extract#timeZone}:
 * {@code ${from}} / {@code ${to}} the first day and the day after ({@code yyyy-MM-dd}, {@code to} exclusive),
 * {@code ${fromTime}} / {@code ${toTime}} the same midnights as {@code yyyy-MM-dd HH:mm:ss}, and
 * {@code ${fromMillis}} / {@code ${toMillis}} as epoch milliseconds. An items path that reaches one object
 * (e.g. {@code process_instance} of {@code processinstance/get}) lands that object as the page's one item.
 */
@Validated
@ConfigurationProperties("etl")
public record ExtractProperties(Map<String, @Valid Extract> extracts) {

    public ExtractProperties {
        extracts = extracts == null ? Map.of() : Map.copyOf(extracts);
    }

    /**
     * One extract.
     *
     * @param method     {@code GET} (the template goes in {@code params}) or {@code POST} (a JSON {@code body})
     * @param path       the DingTalk path, e.g. {@code /topapi/processinstance/listids}
     * @param body       the JSON body template (POST); paging fields are set in it on each page
     * @param params     query parameter templates; for GET the paging fields are added here
     * @param pagination how the pages follow each other
     * @param itemsPath  dotted path of the item array in the answer, e.g. {@code result.list}
     * @param itemKeyPath dotted path of the item's key inside each item, e.g. {@code userid}; without it, a for-each
     *                   extract's rows are keyed by the value they were fetched for, other rows have none
     * @param pageSize   items asked for per page (the size field); DingTalk's maximum differs per API
     * @param timeZone   zone of the run's date window
     * @param forEach    another extract: one call per row that its completed run of the same date landed, with
     *                   {@code ${item}} in the templates replaced by that row's item key (or the item itself when
     *                   it is a plain string or number); each call is one page, so {@code pagination} must be none
     * @param metered    whether DingTalk counts this API's calls toward the monthly quota (most APIs outside contacts
     *                   count; say {@code false} for an exempt one, e.g. a contacts API)
     */
    public record Extract(@DefaultValue("POST") HttpMethod method, @NotBlank String path, @Nullable String body,
                          @DefaultValue Map<String, String> params, @Valid @DefaultValue Pagination pagination,
                          @NotBlank String itemsPath, @Nullable String itemKeyPath,
                          @Min(1) @DefaultValue("100") int pageSize, @DefaultValue("Asia/Shanghai") ZoneId timeZone,
                          @Nullable String forEach, @DefaultValue("true") boolean metered) {
    }

    /**
     * @param type            {@code none} (one call), {@code cursor} or {@code offset}
     * @param cursorField     cursor: the request field carrying the cursor (absent on the first page)
     * @param nextCursorPath  cursor: dotted path of the next cursor in the answer
     * @param hasMorePath     dotted path of the "more pages" flag; when absent from the answer, a cursor extract
     *                        stops when there is no next cursor, an offset extract when a page is short
     * @param offsetField     offset: the request field carrying the offset of the page's first item
     * @param sizeField       cursor and offset: the request field carrying {@link Extract#pageSize}
     */
    public record Pagination(@DefaultValue("none") Type type, @DefaultValue("cursor") String cursorField,
                             @DefaultValue("result.next_cursor") String nextCursorPath,
                             @DefaultValue("result.has_more") String hasMorePath,
                             @DefaultValue("offset") String offsetField, @DefaultValue("size") String sizeField) {
    }

    public enum Type { NONE, CURSOR, OFFSET }
}
