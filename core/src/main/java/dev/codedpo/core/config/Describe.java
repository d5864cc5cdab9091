package dev.codedpo.core.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one description of a config key, written on the record component; {@link ConfigDocs} shows it in a command's
 * help and as the comment of the key in a rendered YAML file. On a nested record component it describes the block.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Describe {
    String value();
}
