package dev.nestbox.adapters.libvirt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The header reader against images qemu-img made, and against what qemu-img itself says about them. */
class Qcow2Test {
    private static final Pattern VIRTUAL_SIZE = Pattern.compile("\"virtual-size\":\\s*(\\d+)");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"1M", "1000001", "100M", "1536M", "3G", "10T"})
    void the_virtual_size_is_the_one_qemu_img_reports_rounded_up_to_a_mib(String size) {
        Path image = qemuImg("create", "-f", "qcow2", size);

        long bytes = qemuImgVirtualSize(image);

        assertThat(Qcow2.virtualSizeMib(image)).isEqualTo((bytes + (1L << 20) - 1) / (1L << 20));
    }

    @Test
    void an_image_grown_by_qemu_img_resize_reports_the_new_size() {
        Path image = qemuImg("create", "-f", "qcow2", "64M");
        HostTool.Result resized = HostTool.run(List.of(tool().toString(), "resize", image.toString(), "+1G"));
        assertThat(resized.exitCode()).as(resized.output()).isZero();

        assertThat(Qcow2.virtualSizeMib(image)).isEqualTo(64 + 1024).isEqualTo(qemuImgVirtualSize(image) >> 20);
    }

    @Test
    void a_raw_image_is_refused_with_the_command_that_converts_it() {
        Path image = qemuImg("create", "-f", "raw", "8M");

        assertThatThrownBy(() -> Qcow2.virtualSizeMib(image)).isInstanceOf(LibvirtUnavailable.class)
                .hasMessageContaining("is not a qcow2 image").hasMessageContaining("qemu-img convert -O qcow2");
    }

    @Test
    void a_file_shorter_than_the_header_or_missing_is_refused() throws IOException {
        Path stub = Files.write(tmp.resolve("stub.qcow2"), new byte[] {'Q', 'F', 'I', (byte) 0xfb});

        assertThatThrownBy(() -> Qcow2.virtualSizeMib(stub)).isInstanceOf(LibvirtUnavailable.class)
                .hasMessageContaining("too short");
        assertThatThrownBy(() -> Qcow2.virtualSizeMib(tmp.resolve("missing.qcow2")))
                .isInstanceOf(LibvirtUnavailable.class).hasMessageContaining("cannot read");
    }

    private static Path tool() {
        return HostTool.require("qemu-img", "qemu-utils");
    }

    /** {@code qemu-img create ... <image> <size>}: the last argument is the size. */
    private Path qemuImg(String command, String formatFlag, String format, String size) {
        Path image = tmp.resolve(format + "-" + size + ".img");
        HostTool.Result result = HostTool.run(List.of(tool().toString(), command, formatFlag, format,
                image.toString(), size));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return image;
    }

    private static long qemuImgVirtualSize(Path image) {
        HostTool.Result info = HostTool.run(List.of(tool().toString(), "info", "--output=json", image.toString()));
        assertThat(info.exitCode()).as(info.output()).isZero();
        Matcher m = VIRTUAL_SIZE.matcher(info.output());
        assertThat(m.find()).as(info.output()).isTrue();
        return Long.parseLong(m.group(1));
    }
}
