package dev.nestbox.bootstrap.config;

import dev.nestbox.domain.InvalidValueException;
import dev.nestbox.domain.hosting.SiteName;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;

/**
 * With {@code public.subdomains} every {@code <label>.<sites host>} is some site's host, so the panel may live
 * there only under a label no site can take, and never at the sites host itself, the parent of every site.
 */
@Documented
@Constraint(validatedBy = PanelHostIsNoSiteHost.Check.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface PanelHostIsNoSiteHost {
    String message() default "public.panelUrl must not be a site's host";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<PanelHostIsNoSiteHost, PublicSettings> {
        @Override
        public boolean isValid(PublicSettings settings, ConstraintValidatorContext context) {
            Optional<String> problem = settings == null ? Optional.empty() : problem(settings);
            problem.ifPresent(message -> {
                context.disableDefaultConstraintViolation();
                // Host names hold no '{', '}' or '$', so the message cannot be read as a template expression.
                context.buildConstraintViolationWithTemplate(message).addConstraintViolation();
            });
            return problem.isEmpty();
        }

        static Optional<String> problem(PublicSettings settings) {
            if (!settings.subdomains) {
                return Optional.empty();
            }
            Optional<String> panel = PublicSettings.host(settings.panelUrl);
            Optional<String> sites = PublicSettings.host(settings.sitesUrl);
            if (panel.isEmpty() || sites.isEmpty()) {
                return Optional.empty();
            }
            if (panel.get().equals(sites.get())) {
                return Optional.of("public.panelUrl's host " + panel.get() + " is the sites host itself, the parent"
                        + " of every <site>." + sites.get() + " with public.subdomains: give the panel a host of its"
                        + " own, such as panel." + sites.get() + " or a name outside " + sites.get());
            }
            Optional<String> label = settings.panelLabelUnderSitesHost();
            if (label.isEmpty() || !couldBeASite(label.get()) || settings.reservedSiteNames.stream()
                    .anyMatch(label.get()::equalsIgnoreCase)) {
                return Optional.empty();
            }
            return Optional.of("public.panelUrl's host " + panel.get() + " is, or lies under, the host a site named '" + label.get()
                    + "' gets with public.subdomains: list '" + label.get() + "' in public.reservedSiteNames (once no"
                    + " site of that name exists), or use a built-in reserved label such as panel." + sites.get()
                    + ", or a host outside " + sites.get());
        }

        /** A name the built-in rules would give a site: the right shape, and not reserved already. */
        private static boolean couldBeASite(String label) {
            try {
                SiteName.of(label);
                return true;
            } catch (InvalidValueException e) {
                return false;
            }
        }
    }
}
