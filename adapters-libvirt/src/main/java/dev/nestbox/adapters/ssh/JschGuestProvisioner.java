package dev.nestbox.adapters.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import dev.nestbox.application.port.out.GuestProvisioner;
import dev.nestbox.application.port.out.SshKeys;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reaches guests as root over SSH with the platform's key, and over HTTP to see their web server answer. */
final class JschGuestProvisioner implements GuestProvisioner {
    /** The guest image's contract: idempotent, reads the tenant's key line on stdin, explains failures on stderr. */
    static final String SETUP_COMMAND = "/usr/sbin/nestbox-setup";
    /** The image's optional step for a warm-pool spare; an image without it answers 2 (bad arguments). */
    static final String PREPARE_COMMAND = SETUP_COMMAND + " --prepare";
    /** How often a session kept open to a spare checks the guest is still there. */
    static final Duration KEPT_ALIVE_INTERVAL = Duration.ofSeconds(30);
    private static final String USER = "root";
    private static final Logger LOG = LoggerFactory.getLogger(JschGuestProvisioner.class);
    private static final Duration EXIT_POLL = Duration.ofMillis(50);
    /** One TCP probe of a guest's SSH port before an SSH handshake is tried. */
    static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

    private final GuestSshSettings settings;
    private final ProvisioningKey provisioningKey;
    private final HostKeyPins pins;
    private final Optional<GuestConsole> console;
    private final SshKeys keys;
    private final Polling polling;
    private final HttpClient http;
    private JSch jsch;
    /**
     * The root session opened when a spare was prepared, kept until its claim, which then needs no handshake (an
     * SSH key exchange costs the emulated guest ~0.4 s). Only this process knows them: after a restart, or when one
     * died meanwhile, the claim logs in again.
     */
    private final Map<SiteName, Session> kept = new ConcurrentHashMap<>();

    /**
     * With a {@code console}, the host key a guest announced there is the only one accepted on first contact;
     * without one (tests with a plain SSH server), the first key seen is pinned (trust on first use).
     */
    JschGuestProvisioner(GuestSshSettings settings, ProvisioningKey provisioningKey, HostKeyPins pins,
                         Optional<GuestConsole> console, SshKeys keys) {
        this.settings = settings;
        this.provisioningKey = provisioningKey;
        this.pins = pins;
        this.console = console;
        this.keys = keys;
        this.polling = new Polling(settings.connectTimeout(), settings.pollInterval());
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
    }

    @Override
    public String provisioningPublicKey() {
        return provisioningKey.material().publicKeyLine();
    }

    @Override
    public Readiness awaitSsh(Ipv4Address address, Duration timeout) {
        return polling.until(timeout, "SSH on " + endpoint(address), budget -> {
            // A booting guest has no address yet: a connect then waits for the bridge's ARP to give up (~3 s), and
            // the moment sshd starts would be seen up to a whole attempt late. A short TCP probe comes first.
            Optional<String> closed = probe(address, settings.guestSshPort(), budget);
            if (closed.isPresent()) {
                return closed;
            }
            Session session = null;
            try {
                session = session(address, HostKeyCheck.anyKey(), budget);
                session.connect(millis(budget));
                return Optional.empty();
            } catch (JSchException e) {
                return Optional.of(describe(e));
            } finally {
                if (session != null) {
                    session.disconnect();
                }
            }
        });
    }

    /** Empty when something accepts a TCP connection at the port within {@link #PROBE_TIMEOUT} (or less). */
    private static Optional<String> probe(Ipv4Address address, int port, Duration budget) {
        int timeout = (int) Math.max(1, Math.min(PROBE_TIMEOUT.toMillis(), budget.toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.toString(), port), timeout);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("port " + port + " closed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    @Override
    public void prepare(SiteName machine, Ipv4Address address) {
        Session session = connectPinned(machine, address);
        boolean keep = false;
        try {
            Result result = run(machine, session, PREPARE_COMMAND, "");
            if (result.status() == 2) {
                // 2 = bad arguments, in the set-up's contract: an image that does not know --prepare (the debian-12
                // image takes it for a site name and refuses it).
                LOG.info("the image of spare {} has no prepare step ({}): its claim will do the whole set-up",
                        machine, result.stderr());
            } else if (result.status() != 0) {
                throw new GuestSetupFailed(machine.value(), result.status(), result.stderr());
            } else {
                LOG.info("spare {} prepared", machine);
            }
            session.setServerAliveInterval(millis(KEPT_ALIVE_INTERVAL));
            disconnect(kept.put(machine, session));   // a session kept by an earlier preparation, if any
            keep = true;
        } catch (JSchException e) {
            throw new GuestSshFailure("cannot keep the session to spare " + machine + " open: " + describe(e), e);
        } finally {
            if (!keep) {
                session.disconnect();
            }
        }
    }

    @Override
    public void configure(SiteName machine, SiteName site, Ipv4Address address, String tenantPublicKey) {
        String keyLine = checkedKeyLine(tenantPublicKey);
        String command = SETUP_COMMAND + " " + shellQuoted(site.value());
        Session session = keptSession(machine, address);
        if (session != null) {
            Result result = null;
            try {
                result = run(site, session, command, keyLine + "\n");
            } catch (GuestSshFailure e) {
                LOG.info("the session kept open to {} no longer works ({}); logging in again", machine,
                        e.getMessage());
            } finally {
                session.disconnect();
            }
            if (result != null && result.status() != -1) {   // -1: the session closed before the command ended
                setUp(site, result);
                return;
            }
            if (result != null) {
                LOG.info("the session kept open to {} closed; logging in again", machine);
            }
        }
        // The console and the pinned host key belong to the machine: a spare's were learnt under its own name.
        session = connectPinned(machine, address);
        try {
            setUp(site, run(site, session, command, keyLine + "\n"));
        } finally {
            session.disconnect();
        }
    }

    private static void setUp(SiteName site, Result result) {
        if (result.status() != 0) {
            throw new GuestSetupFailed(site.value(), result.status(), result.stderr());
        }
        LOG.info("site {} set up on its guest", site);
    }

    /** The session kept since the spare was prepared, if it is still open and still talks to {@code address}. */
    private Session keptSession(SiteName machine, Ipv4Address address) {
        Session session = kept.remove(machine);
        if (session == null) {
            return null;
        }
        if (session.isConnected() && address.toString().equals(session.getHost())) {
            return session;
        }
        session.disconnect();
        return null;
    }

    @Override
    public Readiness awaitHttp(Ipv4Address address, Duration timeout) {
        URI uri = URI.create("http://" + address + ":" + settings.guestHttpPort() + "/");
        return polling.until(timeout, "HTTP at " + uri, budget -> {
            HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(budget).build();
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                return status == 200 ? Optional.empty() : Optional.of("answered HTTP " + status);
            } catch (IOException e) {
                return Optional.of(e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted");
            }
        });
    }

    @Override
    public void forget(SiteName machine) {
        disconnect(kept.remove(machine));
        pins.forget(machine);
    }

    // The key is re-read even though the use case already checked it: this is the last point before a guest's
    // authorized_keys, and a second line or an options prefix there would hand the tenant's account to someone else.
    private String checkedKeyLine(String tenantPublicKey) {
        SshKeys.Check check = keys.check(tenantPublicKey);
        if (check instanceof SshKeys.Check.Valid valid) {
            return valid.line();
        } else if (check instanceof SshKeys.Check.Invalid invalid) {
            throw new IllegalArgumentException("refusing to install an unchecked tenant key: " + invalid.reason());
        }
        throw new AssertionError("unhandled key check: " + check);
    }

    private Session connectPinned(SiteName site, Ipv4Address address) {
        Optional<byte[]> pinned = pins.pinned(site);
        Optional<ConsoleHostKey> announced = pinned.isPresent() ? Optional.empty() : announcedKey(site);
        HostKeyCheck hostKeys = HostKeyCheck.forSite(pinned.or(() -> announced.map(ConsoleHostKey::blob)),
                pins.file(site).toString());
        Session session = null;
        try {
            session = session(address, hostKeys, settings.connectTimeout());
            session.connect(millis(settings.connectTimeout()));
        } catch (JSchChangedHostKeyException e) {
            disconnect(session);
            String presented = hostKeys.presented().map(Fingerprints::sha256).orElse("?");
            if (announced.isPresent()) {
                throw new GuestHostKeyMismatch(site.value(), endpoint(address), announced.get().fingerprint(),
                        presented);
            }
            throw new GuestHostKeyChanged(site.value(), endpoint(address),
                    hostKeys.pinnedKey().map(Fingerprints::sha256).orElse("?"), presented, pins.file(site).toString());
        } catch (JSchException e) {
            disconnect(session);
            throw new GuestSshFailure("cannot log in to the guest of site " + site + " at " + endpoint(address)
                    + ": " + describe(e), e);
        }
        if (pinned.isEmpty()) {
            pinFirstContact(site, address, session, hostKeys, announced.isPresent());
        }
        return session;
    }

    /**
     * The host key the site's machine announced on its console, waited for a little (the line comes before sshd
     * starts, so it is normally there once SSH answers); empty only without a console (trust on first use).
     */
    private Optional<ConsoleHostKey> announcedKey(SiteName site) {
        if (console.isEmpty()) {
            return Optional.empty();
        }
        // The guest prints the line before its sshd starts, and awaitSsh came first: a short wait is plenty.
        Duration wait = settings.connectTimeout().multipliedBy(2);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<String> log;
            try {
                log = console.get().log(site);
            } catch (RuntimeException e) {
                throw new GuestSshFailure("cannot read the console of the guest of site " + site
                        + " to learn its SSH host key: " + e.getMessage(), e);
            }
            Optional<ConsoleHostKey> key = log.flatMap(ConsoleHostKey::lastIn);
            if (key.isPresent()) {
                return key;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new GuestSshFailure("the guest of site " + site + " announced no SSH host key on its console"
                        + (log.isEmpty() ? " (no console log found)" : "") + " within " + wait.toSeconds()
                        + " s, so its identity cannot be checked; refusing to trust the first key the network shows."
                        + " The guest image must print a '" + ConsoleHostKey.MARKER + " ssh-ed25519 ...' line at"
                        + " boot (guest/README.md).");
            }
            try {
                Thread.sleep(settings.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GuestSshFailure("interrupted while reading the console of site " + site, e);
            }
        }
    }

    private void pinFirstContact(SiteName site, Ipv4Address address, Session session, HostKeyCheck hostKeys,
                                 boolean fromConsole) {
        byte[] presented = hostKeys.presented()
                .orElseThrow(() -> new GuestSshFailure("the SSH library did not show the guest's host key"));
        String type = session.getHostKey().getType();
        String pattern = settings.guestSshPort() == 22 ? address.toString()
                : "[" + address + "]:" + settings.guestSshPort();
        byte[] pinned = pins.pinIfAbsent(site, pattern, type, presented);
        if (!java.util.Arrays.equals(pinned, presented)) {
            session.disconnect();
            throw new GuestHostKeyChanged(site.value(), endpoint(address), Fingerprints.sha256(pinned),
                    Fingerprints.sha256(presented), pins.file(site).toString());
        }
        LOG.info("pinned the host key {} of site {} ({} {})", Fingerprints.sha256(presented), site,
                fromConsole ? "as announced on its console, confirmed at" : "first contact at", endpoint(address));
    }

    record Result(int status, String stderr) {
    }

    /** Runs {@code command} with {@code input} on its stdin; a channel that cannot be opened is a {@link GuestSshFailure}. */
    private Result run(SiteName site, Session session, String command, String input) {
        GuestText stdout = new GuestText();
        GuestText stderr = new GuestText();
        ChannelExec channel;
        try {
            channel = (ChannelExec) session.openChannel("exec");
        } catch (JSchException e) {
            throw new GuestSshFailure("cannot open a command channel to the guest of site " + site + ": "
                    + describe(e), e);
        }
        try {
            channel.setCommand(command);
            channel.setInputStream(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            channel.setOutputStream(stdout, true);
            channel.setErrStream(stderr, true);
            channel.connect(millis(settings.connectTimeout()));
            awaitExit(site, channel);
            return new Result(channel.getExitStatus(), stderr.sanitised());
        } catch (JSchException e) {
            throw new GuestSshFailure("cannot run the set-up command on the guest of site " + site + ": "
                    + describe(e), e);
        } finally {
            channel.disconnect();
        }
    }

    private void awaitExit(SiteName site, ChannelExec channel) {
        long deadline = System.nanoTime() + settings.commandTimeout().toNanos();
        while (!channel.isClosed()) {
            if (System.nanoTime() - deadline > 0) {
                throw new GuestSshFailure("the set-up command of site " + site + " did not finish within "
                        + settings.commandTimeout().toSeconds() + " s");
            }
            try {
                Thread.sleep(EXIT_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GuestSshFailure("interrupted while the set-up command of site " + site + " ran", e);
            }
        }
    }

    private Session session(Ipv4Address address, HostKeyCheck hostKeys, Duration budget) throws JSchException {
        Session session = jsch().getSession(USER, address.toString(), settings.guestSshPort());
        session.setHostKeyRepository(hostKeys);
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("PreferredAuthentications", "publickey");
        // Keep-alives bound how long a vanished guest can hold a command hostage, and keep idle NATs open.
        session.setServerAliveInterval(Math.max(millis(budget), 1000));
        session.setServerAliveCountMax(3);
        session.setDaemonThread(true);
        return session;
    }

    private synchronized JSch jsch() throws JSchException {
        if (jsch == null) {
            ProvisioningKey.Material material = provisioningKey.material();
            JSch created = new JSch();
            created.addIdentity(ProvisioningKey.COMMENT, material.privateKeyFile().getBytes(StandardCharsets.US_ASCII),
                    null, null);
            jsch = created;
        }
        return jsch;
    }

    private String endpoint(Ipv4Address address) {
        return address + ":" + settings.guestSshPort();
    }

    /** One POSIX shell word, whatever it contains; site names are already harmless, this keeps it so. */
    static String shellQuoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    private static void disconnect(Session session) {
        if (session != null) {
            session.disconnect();
        }
    }

    private static String describe(JSchException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += " (" + cause.getMessage() + ")";
        }
        return GuestText.sanitise(message, false);
    }
}
