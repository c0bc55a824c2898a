import { Injectable } from '@nestjs/common';

/** Whether this process is shutting down: readiness turns false so load balancers stop sending work. */
@Injectable()
export class Lifecycle {
  draining = false;
}
