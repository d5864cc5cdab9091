package dev.codedpo.data.world;

/**
 * What a task's function receives: a list of ints, a list of words, or one string read character by character.
 * Each kind fixes the parameter and loop variable names, so that every task of a kind reads alike.
 */
public enum ElementKind {
    INTS("xs", "x", ValueType.INT),
    WORDS("ws", "w", ValueType.STR),
    CHARS("s", "c", ValueType.CHAR);

    private final String param;
    private final String var;
    private final ValueType elementType;

    ElementKind(String param, String var, ValueType elementType) {
        this.param = param;
        this.var = var;
        this.elementType = elementType;
    }

    /** The function's one parameter. */
    public String param() {
        return param;
    }

    /** The loop variable of every solution. */
    public String var() {
        return var;
    }

    public ValueType elementType() {
        return elementType;
    }
}
