package dev.codedpo.data.pairing;

import dev.codedpo.data.output.ExecutionRow;
import dev.codedpo.data.output.KtoRow;
import dev.codedpo.data.output.PairRow;
import dev.codedpo.data.output.ScoreRow;
import dev.codedpo.data.output.SftRow;
import java.util.List;

/** Everything one task contributes to the output directory. */
public record TaskOutcome(ExecutionRow execution, ScoreRow score, List<PairRow> pairs, List<KtoRow> kto,
                          List<SftRow> sft) {}
