package dev.codedpo.models.chat.jinja;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.el.TruthyTypeConverter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.tree.TreeStore;
import jinjava.de.odysseus.el.tree.impl.Builder.Feature;
import jinjava.de.odysseus.el.tree.impl.Cache;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ExpressionFactory;

/**
 * Jinjava set up to render Hugging Face chat templates as transformers' Jinja2 environment does
 * (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loop controls; tojson, raise_exception and
 * strftime_now): Jinja2's whitespace rules, Python's printing of values, Python str methods, slices with steps,
 * keyword arguments taking whole expressions, and the items/trim filters and {% generation %} block.
 */
public final class ChatJinja extends Jinjava {
    private final ExpressionFactory expressions = new ExpressionFactoryImpl(
            new TreeStore(new PythonicSyntaxBuilder(Feature.METHOD_INVOCATIONS, Feature.VARARGS), new Cache(256)),
            new TruthyTypeConverter());

    public ChatJinja() {
        super(config());
        registerFilter(new TojsonFilter());
        registerFilter(new ItemsFilter());
        registerFilter(new TrimFilter());
        registerTag(new GenerationTag());
        registerFunction(new ELFunctionDefinition("", "raise_exception", ChatFunctions.class, "raiseException",
                Object.class));
        registerFunction(new ELFunctionDefinition("", "strftime_now", ChatFunctions.class, "strftimeNow",
                String.class));
    }

    private static JinjavaConfig config() {
        LegacyOverrides jinja2 = LegacyOverrides.newBuilder()
                .withParseWhitespaceControlStrictly(true)
                .withUseTrimmingForNotesAndExpressions(true)
                .withUseNaturalOperatorPrecedence(true)
                .withEvaluateMapKeys(true)
                .withIterateOverMapKeys(true)
                .withKeepNullableLoopValues(true)
                .withHandleBackslashInQuotesOnly(true)
                .withAllowAdjacentTextNodes(true)
                .withWhitespaceRequiredWithinTokens(false)
                .build();
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PyStringMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        return JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withKeepTrailingNewline(true)
                .withNestedInterpretationEnabled(false)
                .withLegacyOverrides(jinja2)
                .withElResolver(resolver)
                .withExecutionMode(new PythonicMode())
                .build();
    }

    @Override
    public ExpressionFactory getExpressionFactory() {
        return expressions;
    }
}
