package dev.nestbox.adapters.postgres;

/** The names migrations.xml gives the unique constraints whose violations the ports report as outcomes. */
final class Constraints {
    static final String USERS_EMAIL = "users_email_key";
    static final String USERS_EMAIL_LOWER = "users_email_lower_key";
    static final String HOSTING_USER_ID = "hosting_user_id_key";
    static final String HOSTING_VM_ID = "hosting_vm_id_key";
    static final String HOSTING_VM_IP = "hosting_vm_ip_key";
    static final String HOSTING_SSH_PORT = "hosting_ssh_port_key";
    static final String HOSTING_MACHINE = "hosting_machine_key";

    private Constraints() {
    }
}
