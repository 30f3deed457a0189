package dev.nestbox.adapters.libvirt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/** Host programs the tests run; a missing one fails the test with the Debian package to install. */
final class HostTool {
    private HostTool() {
    }

    static Path require(String program, String debianPackage) {
        return HostTools.find(program).orElseGet(() -> fail(program + " is missing: install the Debian package "
                + debianPackage + " (apt-get install " + debianPackage + ")"));
    }

    record Result(int exitCode, String output) {
    }

    static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail("timed out: " + command);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return fail("cannot run " + command + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted: " + command);
        }
    }

    /** Validates a libvirt XML document against libvirt's own schemas (virt-xml-validate, libvirt-clients). */
    static void assertValidLibvirtXml(Path dir, String name, String xml, String schema) {
        Path validator = require("virt-xml-validate", "libvirt-clients");
        try {
            Path file = dir.resolve(name);
            java.nio.file.Files.writeString(file, xml);
            Result result = run(List.of(validator.toString(), file.toString(), schema));
            if (result.exitCode() != 0) {
                fail(name + " does not validate against libvirt's " + schema + " schema:\n" + result.output()
                        + "\n" + xml);
            }
        } catch (IOException e) {
            fail("cannot write " + name + ": " + e);
        }
    }
}
