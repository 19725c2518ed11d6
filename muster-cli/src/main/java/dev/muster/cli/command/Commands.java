package dev.muster.cli.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The commands of this package by name: the launcher registers only the one being run. */
public final class Commands {
    private Commands() {
    }

    /** Each command's name and how to make it, in the order `muster --help` lists them. */
    public static Map<String, Supplier<Object>> all() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("hosts", HostsCommand::new);
        m.put("hostset", HostsetCommand::new);
        m.put("render", RenderCommand::new);
        m.put("run", RunCommand::new);
        m.put("push", PushCommand::new);
        m.put("template", TemplateCommand::new);
        m.put("retry", RetryCommand::new);
        m.put("runs", RunsCommand::new);
        m.put("show", ShowCommand::new);
        m.put("console", ConsoleCommand::new);
        m.put("check", CheckCommand::new);
        m.put("metrics", MetricsCommand::new);
        m.put("top", TopCommand::new);
        m.put("plan", PlanCommand::new);
        m.put("apply", ApplyCommand::new);
        m.put("approve", ApproveCommand::new);
        m.put("rollback", RollbackCommand::new);
        m.put("releases", ReleasesCommand::new);
        m.put("logs", LogsCommand::spec);
        m.put("grep", GrepCommand::spec);
        m.put("inspect", InspectCommand::new);
        m.put("serve", ServeCommand::new);
        m.put("schedule", ScheduleCommand::new);
        m.put("token", TokenCommand::new);
        m.put("dead-letters", DeadLettersCommand::new);
        return Collections.unmodifiableMap(m);
    }
}
