package dev.nestbox.application.port.in;

import java.util.List;

/** For administrators: every hosting on the host. */
public interface ListHostingsUseCase {
    List<HostingView> list();
}
