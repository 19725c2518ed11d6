package dev.muster.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/** Runs a {@link Behaviour} for one exec channel on a virtual thread. */
final class FakeCommand implements Command {

    /** Chooses the behaviour once the channel's environment is known. */
    interface Plan {
        Behaviour behaviour(ChannelSession channel, Environment env);
    }

    private final Plan plan;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private volatile Thread worker;

    FakeCommand(Plan plan) {
        this.plan = plan;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
        this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        Behaviour behaviour = plan.behaviour(channel, env);
        worker = Thread.ofVirtual().name("fake-exec").start(() -> run(behaviour));
    }

    private void run(Behaviour behaviour) {
        int code;
        String message = null;
        try {
            code = behaviour.run(in, out, err);
            out.flush();
            err.flush();
        } catch (InterruptedException e) {
            code = 130;
            message = "interrupted";
        } catch (IOException | RuntimeException e) {
            code = 255;
            message = e.toString();
        }
        if (message == null) {
            exit.onExit(code);
        } else {
            exit.onExit(code, message);
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }
}
