package dev.codedpo.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.train.data.PreferenceExample;
import java.util.ArrayList;
import java.util.List;

/** Token rows of the torch reference's golden files (tools/train_reference). */
public final class GoldenRows {
    private GoldenRows() {}

    public static long[] ids(JsonNode n) {
        long[] out = new long[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asLong();
        }
        return out;
    }

    public static List<PreferenceExample> preference(JsonNode golden) {
        List<PreferenceExample> out = new ArrayList<>();
        golden.get("rows").forEach(r -> out.add(new PreferenceExample(ids(r.get("prompt_ids")),
                ids(r.get("chosen_ids")), ids(r.get("rejected_ids")))));
        return out;
    }
}
