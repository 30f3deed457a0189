import type { HostStatus } from '@/lib/api';
import { DeletingState } from './DeletingState';
import { FailedState } from './FailedState';
import { ProvisioningState } from './ProvisioningState';
import type { PollProps, StateProps } from './props';
import { RunningState } from './RunningState';

/** The view of an existing hosting: one component per status. */
export function HostingView(props: StateProps & PollProps) {
  const status: HostStatus = props.hosting.status;
  switch (status) {
    case 'running':
      return <RunningState {...props} />;
    case 'failed':
      return <FailedState {...props} />;
    case 'deleting':
      return <DeletingState {...props} />;
    case 'pending':
    case 'provisioning':
      return <ProvisioningState {...props} />;
    default: {
      const unknown: never = status; // the compiler's check that every HostStatus has its case
      void unknown;
      // A status the server adds later is shown as in progress, as it always was.
      return <ProvisioningState {...props} />;
    }
  }
}
