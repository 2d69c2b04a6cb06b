package io.memfleet.common.config;

import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Ends a command's {@code --help} with every key of its config file, rendered from the
 * {@code ConfigDef} (an annotation's footer must be a constant, and a hand-kept list drifts).
 * Subclass it with the command's keys and name it in {@code @Command(modelTransformer = …)}.
 */
public abstract class KeysFooter implements IModelTransformer {

    private final ConfigKeys keys;

    protected KeysFooter(ConfigKeys keys) {
        this.keys = keys;
    }

    @Override
    public CommandSpec transform(CommandSpec spec) {
        spec.usageMessage().footer(ConfigDocs.helpFooter(keys,
                "Config file keys (flags win over the file; docs/configuration.md has the same table):"));
        return spec;
    }
}
