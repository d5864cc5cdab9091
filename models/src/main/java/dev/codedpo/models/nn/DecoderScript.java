package dev.codedpo.models.nn;

import dev.codedpo.models.config.ModelConfig;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * TorchScript source of the whole forward pass of a {@link CausalLM} for inference, written for one config (sizes,
 * eps and which biases exist are literals), and the order of the weight list it takes. Same arithmetic as the
 * parameter path: RMSNorm, rotary embedding (rotate_half layout), grouped-query attention, SwiGLU, tied or untied
 * head. The KV cache is the same per-layer buffer [B, 2 kvHeads, capacity, D] that {@link KvCache} holds, written in
 * place.
 *
 * <p>Method {@code run(...)} returns logits, of the last position ([B, vocab]) or of every position. Every product is
 * a plain {@code torch.linear}: a variant over oneDNN-reordered weights was faster for batched decode steps but gave
 * wrong logits on some AVX-512 CPUs (its layout depended on the CPU and on a row-count hint), so it was removed.
 */
final class DecoderScript {
    /** Projections per layer, in the order the weight list holds them: q, k, v, o, gate, up, down. */
    static final String[] PROJECTIONS = {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj",
        "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"};

    private final ModelConfig config;
    private final List<String> weightNames = new ArrayList<>();
    private final int perLayer;

    DecoderScript(ModelConfig config) {
        this.config = config;
        Map<String, long[]> shapes = ParameterLayout.shapes(config);
        for (int i = 0; i < config.numLayers(); i++) {
            String l = ParameterLayout.layer(i);
            weightNames.add(l + "input_layernorm.weight");
            for (String p : PROJECTIONS) {
                weightNames.add(l + p + ".weight");
                if (shapes.containsKey(l + p + ".bias")) {
                    weightNames.add(l + p + ".bias");
                }
            }
            weightNames.add(l + "post_attention_layernorm.weight");
        }
        perLayer = weightNames.size() / Math.max(1, config.numLayers());
        weightNames.add(ParameterLayout.EMBED);
        weightNames.add(ParameterLayout.FINAL_NORM);
        weightNames.add(config.tieWordEmbeddings() ? ParameterLayout.EMBED : ParameterLayout.LM_HEAD);
    }

    /** Parameter names in the order {@code run} takes them as its weight list. */
    List<String> weightNames() {
        return weightNames;
    }

    /** Index of a weight of layer 0 in the list (the same offset from each layer's base). */
    private int slot(String suffix) {
        return weightNames.indexOf(ParameterLayout.layer(0) + suffix);
    }

    /** The expression for weight {@code suffix} of the layer whose base index is in variable {@code b}. */
    private String layerWeight(String suffix) {
        int s = slot(suffix);
        return s < 0 ? "None" : "w[b + " + s + "]";
    }

    /** The class body: method {@code run}. */
    String source() {
        ModelConfig c = config;
        int layers = c.numLayers();
        int d = c.hiddenSize();
        int heads = c.numHeads();
        int kv = c.numKvHeads();
        int hd = c.headDim();
        String eps = literal(c.rmsNormEps());
        String scale = literal(1.0 / Math.sqrt(hd));
        StringBuilder s = new StringBuilder();
        s.append("  def norm(self: __torch__.Decoder, x: Tensor, w: Tensor) -> Tensor:\n");
        s.append("    return x * torch.rsqrt(torch.mean(x * x, [-1], True) + ").append(eps).append(") * w\n");
        s.append("  def run(self: __torch__.Decoder, ids: Tensor, positions: Tensor, mask: Tensor, w: List[Tensor],"
                + " cos_table: Tensor, sin_table: Tensor, cache: List[Tensor],"
                + " past: int, last_only: bool, rot: Tensor) -> Tensor:\n");
        callShape(s);
        s.append("    cos = torch.embedding(cos_table, positions).unsqueeze(1)\n");
        s.append("    sin = torch.embedding(sin_table, positions).unsqueeze(1)\n");
        s.append("    cos_q = cos * ").append(scale).append("\n");
        s.append("    sin_q = sin * ").append(scale).append("\n");
        s.append("    x = torch.embedding(w[").append(weightNames.indexOf(ParameterLayout.EMBED)).append("], ids)\n");
        s.append("    for i in range(").append(layers).append("):\n");
        s.append("      b = i * ").append(perLayer).append("\n");
        s.append("      h = self.norm(x, ").append(layerWeight("input_layernorm.weight")).append(")\n");
        s.append("      q = torch.linear(h, ").append(proj("self_attn.q_proj")).append(").view([bsz, t, ")
                .append(heads).append(", ").append(hd).append("]).transpose(1, 2)\n");
        s.append("      k = torch.linear(h, ").append(proj("self_attn.k_proj")).append(").view([bsz, t, ")
                .append(kv).append(", ").append(hd).append("]).transpose(1, 2)\n");
        s.append("      v = torch.linear(h, ").append(proj("self_attn.v_proj")).append(").view([bsz, t, ")
                .append(kv).append(", ").append(hd).append("]).transpose(1, 2)\n");
        // rotate_half(x) = x R with R a signed permutation: one exact product instead of chunk, neg and cat.
        s.append("      q = q * cos_q + torch.matmul(q, rot) * sin_q\n");
        s.append("      k = k * cos + torch.matmul(k, rot) * sin\n");
        s.append("      if len(cache) > 0:\n");
        s.append("        buf = cache[i]\n");
        s.append("        buf.narrow(2, past, t).copy_(torch.cat([k, v], 1))\n");
        attention(s);
        s.append("      x = x + torch.linear(a, ").append(proj("self_attn.o_proj")).append(")\n");
        s.append("      h = self.norm(x, ").append(layerWeight("post_attention_layernorm.weight")).append(")\n");
        s.append("      g = torch.linear(h, ").append(proj("mlp.gate_proj")).append(")\n");
        s.append("      u = torch.linear(h, ").append(proj("mlp.up_proj")).append(")\n");
        s.append("      x = x + torch.linear(torch.silu(g) * u, ").append(proj("mlp.down_proj")).append(")\n");
        s.append("    x = self.norm(x, w[").append(weightNames.indexOf(ParameterLayout.FINAL_NORM)).append("])\n");
        s.append("    if last_only:\n");
        s.append("      x = x.select(1, -1)\n");
        s.append("    return torch.linear(x, w[").append(weightNames.size() - 1).append("], None)\n");
        return s.toString();
    }

    /**
     * The class body of the variant over {@link FusedWeights} copies (for small models, whose decode steps are
     * bound by the number of ops): q/k/v and gate/up stacked with the norm weights folded in, [in, out] layout, and
     * one rotation of the stacked q/k/v heads through stacked tables (q pre-scaled, v left as is). About a quarter
     * fewer ops per layer than {@link #source}. Method {@code run_stacked}; the weight list is
     * {@link FusedWeights#scriptWeights()}. Not for configs with gate/up biases (the copies do not carry them).
     */
    String stackedSource() {
        ModelConfig c = config;
        int layers = c.numLayers();
        int heads = c.numHeads();
        int kv = c.numKvHeads();
        int hd = c.headDim();
        int stacked = heads + 2 * kv;
        int ffn = c.intermediateSize();
        String eps = literal(c.rmsNormEps());
        Map<String, long[]> shapes = ParameterLayout.shapes(config);
        String l0 = ParameterLayout.layer(0);
        boolean qkvBias = shapes.containsKey(l0 + "self_attn.q_proj.bias");
        boolean oBias = shapes.containsKey(l0 + "self_attn.o_proj.bias");
        boolean downBias = shapes.containsKey(l0 + "mlp.down_proj.bias");
        int qkvAt = 0;
        int outAt = qkvAt + (qkvBias ? 2 : 1);
        int guAt = outAt + (oBias ? 2 : 1);
        int downAt = guAt + 1;
        int perLayerStacked = downAt + (downBias ? 2 : 1);
        int embed = perLayerStacked * layers;
        StringBuilder s = new StringBuilder();
        s.append("  def unit(self: __torch__.Decoder, x: Tensor) -> Tensor:\n");
        s.append("    return x * torch.rsqrt(torch.mean(x * x, [-1], True) + ").append(eps).append(")\n");
        s.append("  def run_stacked(self: __torch__.Decoder, ids: Tensor, positions: Tensor, mask: Tensor,"
                + " w: List[Tensor], cos_table: Tensor, sin_table: Tensor, cache: List[Tensor], past: int,"
                + " last_only: bool, rot: Tensor) -> Tensor:\n");
        callShape(s);
        s.append("    cos = torch.embedding(cos_table, positions).view([bsz, t, ").append(stacked).append(", ")
                .append(hd).append("])\n");
        s.append("    sin = torch.embedding(sin_table, positions).view([bsz, t, ").append(stacked).append(", ")
                .append(hd).append("])\n");
        s.append("    x = torch.embedding(w[").append(embed).append("], ids)\n");
        s.append("    for i in range(").append(layers).append("):\n");
        s.append("      b = i * ").append(perLayerStacked).append("\n");
        s.append("      y = torch.matmul(self.unit(x), w[b + ").append(qkvAt).append("])");
        s.append(qkvBias ? " + w[b + " + (qkvAt + 1) + "]\n" : "\n");
        s.append("      y = y.view([bsz, t, ").append(stacked).append(", ").append(hd).append("])\n");
        s.append("      y = (y * cos + torch.matmul(y, rot) * sin).transpose(1, 2)\n");
        s.append("      q = y.narrow(1, 0, ").append(heads).append(")\n");
        s.append("      k = y.narrow(1, ").append(heads).append(", ").append(kv).append(")\n");
        s.append("      v = y.narrow(1, ").append(heads + kv).append(", ").append(kv).append(")\n");
        s.append("      if len(cache) > 0:\n");
        s.append("        buf = cache[i]\n");
        s.append("        buf.narrow(2, past, t).copy_(y.narrow(1, ").append(heads).append(", ").append(2 * kv)
                .append("))\n");
        attention(s);
        s.append("      x = x + torch.matmul(a, w[b + ").append(outAt).append("])");
        s.append(oBias ? " + w[b + " + (outAt + 1) + "]\n" : "\n");
        s.append("      gu = torch.matmul(self.unit(x), w[b + ").append(guAt).append("])\n");
        s.append("      x = x + torch.matmul(torch.silu(gu.narrow(-1, 0, ").append(ffn).append(")) * gu.narrow(-1, ")
                .append(ffn).append(", ").append(ffn).append("), w[b + ").append(downAt).append("])");
        s.append(downBias ? " + w[b + " + (downAt + 1) + "]\n" : "\n");
        s.append("    x = self.unit(x) * w[").append(embed + 1).append("]\n");
        s.append("    if last_only:\n");
        s.append("      x = x.select(1, -1)\n");
        s.append("    return torch.matmul(x, w[").append(embed + 2).append("])\n");
        return s.toString();
    }

    /** Sizes of the call and the optional additive mask [B', 1, 1, T, S] (an empty tensor stands for none). */
    private static void callShape(StringBuilder s) {
        s.append("    bsz = ids.size(0)\n");
        s.append("    t = ids.size(1)\n");
        s.append("    has_mask = mask.numel() > 0\n");
        s.append("    mask5 = mask.view([mask.size(0), 1, 1, t, -1]) if has_mask else mask\n");
    }

    /**
     * Reads keys and values back from the cache buffer (when there is one) and computes the attention output
     * {@code a} [B, T, H D] from q [B, H, T, D] (pre-scaled), k and v [B, kvH, S, D] and the optional mask.
     */
    private void attention(StringBuilder s) {
        ModelConfig c = config;
        int heads = c.numHeads();
        int kv = c.numKvHeads();
        int hd = c.headDim();
        int group = c.groupSize();
        s.append("        kvs = buf.narrow(2, 0, past + t)\n");
        s.append("        k = kvs.narrow(1, 0, ").append(kv).append(")\n");
        s.append("        v = kvs.narrow(1, ").append(kv).append(", ").append(kv).append(")\n");
        // Grouped-query attention without copying K/V per query head: the query heads that share a KV head are
        // stacked along the token axis, so one batched product per KV head covers them.
        s.append("      sc = torch.matmul(q.reshape([bsz, ").append(kv).append(", ").append(group)
                .append(" * t, ").append(hd).append("]), k.transpose(2, 3))\n");
        s.append("      if has_mask:\n");
        s.append("        sc = (sc.view([bsz, ").append(kv).append(", ").append(group)
                .append(", t, -1]) + mask5).view([bsz, ").append(kv).append(", ").append(group).append(" * t, -1])\n");
        s.append("      a = torch.matmul(torch.softmax(sc, -1), v)\n");
        s.append("      a = a.view([bsz, ").append(heads).append(", t, ").append(hd)
                .append("]).transpose(1, 2).reshape([bsz, t, ").append((long) heads * hd).append("])\n");
    }

    /** Weight and bias arguments of {@code torch.linear} for projection {@code name} of the current layer. */
    private String proj(String name) {
        return layerWeight(name + ".weight") + ", " + layerWeight(name + ".bias");
    }

    /** A float literal TorchScript parses (always with a decimal point, never an exponent). */
    static String literal(double v) {
        String plain = new BigDecimal(Double.toString(v)).toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
