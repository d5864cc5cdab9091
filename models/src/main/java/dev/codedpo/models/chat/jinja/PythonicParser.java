package dev.codedpo.models.chat.jinja;

import com.hubspot.jinjava.el.ext.AstNamedParameter;
import com.hubspot.jinjava.el.ext.ExtendedParser;
import java.util.ArrayList;
import java.util.List;
import jinjava.de.odysseus.el.tree.impl.Builder;
import jinjava.de.odysseus.el.tree.impl.Scanner.ScanException;
import jinjava.de.odysseus.el.tree.impl.Scanner.Symbol;
import jinjava.de.odysseus.el.tree.impl.Scanner.Token;
import jinjava.de.odysseus.el.tree.impl.ast.AstDot;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.de.odysseus.el.tree.impl.ast.AstParameters;
import jinjava.de.odysseus.el.tree.impl.ast.AstUnary;

/**
 * Jinjava's expression parser with three Jinja2 rules it lacks: {@code not} binds looser than comparisons and
 * tests ({@code not x is defined} is {@code not (x is defined)}; Jinjava negates x first), slices with a step
 * ({@code messages[::-1]}), and keyword arguments whose value is a whole expression
 * ({@code namespace(n=messages|length - 1)}; Jinjava binds {@code n=messages|length} first). Postfix parsing assumes natural operator precedence (filters and tests are
 * parsed a level up), which {@link ChatJinja} always turns on.
 */
final class PythonicParser extends ExtendedParser {
    PythonicParser(Builder context, String input) {
        super(context, input);
    }

    /** Jinja2's parse_not: "not" sits between "and" and the comparisons. */
    @Override
    protected AstNode eq(boolean required) throws ScanException, ParseException {
        if (getToken().getSymbol() == Symbol.NOT) {
            consumeToken();
            return createAstUnary(eq(true), AstUnary.NOT);
        }
        return super.eq(required);
    }

    @Override
    protected AstNode value() throws ScanException, ParseException {
        boolean lvalue = true;
        AstNode v = nonliteral();
        if (v == null) {
            v = literal();
            if (v == null) {
                return null;
            }
            lvalue = false;
        }
        while (true) {
            Symbol symbol = getToken().getSymbol();
            if (symbol == Symbol.DOT) {
                consumeToken();
                AstDot dot = createAstDot(v, consumeToken(Symbol.IDENTIFIER).getImage(), lvalue);
                v = getToken().getSymbol() == Symbol.LPAREN ? createAstMethod(dot, params()) : dot;
            } else if (symbol == Symbol.LBRACK) {
                v = subscript(v, lvalue);
            } else {
                return v;
            }
        }
    }

    /** {@code v[i]}, or a slice {@code v[start:stop:step]} with any part left out. */
    private AstNode subscript(AstNode v, boolean lvalue) throws ScanException, ParseException {
        consumeToken(Symbol.LBRACK);
        AstNode start = getToken().getSymbol() == Symbol.COLON ? null : expr(true);
        if (getToken().getSymbol() == Symbol.RBRACK) {
            consumeToken();
            var bracket = createAstBracket(v, start, lvalue, true);
            return getToken().getSymbol() == Symbol.LPAREN ? createAstMethod(bracket, params()) : bracket;
        }
        consumeToken(Symbol.COLON);
        AstNode stop = sliceBound();
        AstNode step = null;
        if (getToken().getSymbol() == Symbol.COLON) {
            consumeToken();
            step = sliceBound();
        }
        consumeToken(Symbol.RBRACK);
        return new AstSlice(v, start, stop, step);
    }

    private AstNode sliceBound() throws ScanException, ParseException {
        Symbol s = getToken().getSymbol();
        return s == Symbol.COLON || s == Symbol.RBRACK ? null : expr(true);
    }

    @Override
    protected AstParameters params(Symbol left, Symbol right) throws ScanException, ParseException {
        consumeToken(left);
        List<AstNode> args = new ArrayList<>();
        while (getToken().getSymbol() != right) {
            args.add(argument());
            if (getToken().getSymbol() != Symbol.COMMA) {
                break;
            }
            consumeToken();
        }
        consumeToken(right);
        return createAstParameters(args);
    }

    private AstNode argument() throws ScanException, ParseException {
        if (getToken().getSymbol() == Symbol.IDENTIFIER && isKeywordEquals(lookahead(0))) {
            String name = consumeToken().getImage();
            consumeToken();
            return new AstNamedParameter(identifier(name), expr(true));
        }
        return expr(true);
    }

    private static boolean isKeywordEquals(Token token) {
        return token.getSymbol() == Symbol.EXTENSION && "=".equals(token.getImage());
    }
}
