package dev.muster.cli.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;

/** The commands of this package by name: the launcher registers only the one being run. */
public final class Commands {
    private Commands() {
    }

    /** Each command's name and how to make it for a context, in the order `muster --help` lists them. */
    public static Map<String, Function<CommandContext, Object>> all() {
        Map<String, Function<CommandContext, Object>> m = new LinkedHashMap<>();
        m.put("hosts", plain(HostsCommand::new));
        m.put("hostset", plain(HostsetCommand::new));
        m.put("render", plain(RenderCommand::new));
        m.put("run", plain(RunCommand::new));
        m.put("push", plain(PushCommand::new));
        m.put("template", plain(TemplateCommand::new));
        m.put("retry", plain(RetryCommand::new));
        m.put("runs", plain(RunsCommand::new));
        m.put("show", plain(ShowCommand::new));
        m.put("console", plain(ConsoleCommand::new));
        m.put("check", plain(CheckCommand::new));
        m.put("metrics", plain(MetricsCommand::new));
        m.put("top", plain(TopCommand::new));
        m.put("plan", plain(PlanCommand::new));
        m.put("apply", plain(ApplyCommand::new));
        m.put("approve", plain(ApproveCommand::new));
        m.put("rollback", plain(RollbackCommand::new));
        m.put("releases", plain(ReleasesCommand::new));
        m.put("logs", LogsCommand::spec);
        m.put("grep", GrepCommand::spec);
        m.put("inspect", plain(InspectCommand::new));
        m.put("serve", plain(ServeCommand::new));
        m.put("schedule", plain(ScheduleCommand::new));
        m.put("token", plain(TokenCommand::new));
        m.put("dead-letters", plain(DeadLettersCommand::new));
        m.put("__complete", plain(CompleteNamesCommand::new));
        return Collections.unmodifiableMap(m);
    }

    /** A command that gets its context through its options (made by {@link #factory}). */
    private static Function<CommandContext, Object> plain(Supplier<Object> make) {
        return context -> make.get();
    }

    /**
     * picocli's factory for one command line: a class with a constructor taking the
     * {@link CommandContext} ({@link CommonOptions}, {@link VaultOptions}, {@link StoreOption}, the
     * mixins through which commands reach it) gets that command line's context; others are made as picocli makes them.
     */
    public static CommandLine.IFactory factory(CommandContext context) {
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                java.lang.reflect.Constructor<K> withContext;
                try {
                    withContext = cls.getDeclaredConstructor(CommandContext.class);
                } catch (NoSuchMethodException e) {
                    return CommandLine.defaultFactory().create(cls);
                }
                withContext.setAccessible(true);
                return withContext.newInstance(context);
            }
        };
    }
}
