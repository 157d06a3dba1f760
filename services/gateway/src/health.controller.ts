import { Controller, Get } from '@nestjs/common';

@Controller()
export class HealthController {
  /** Liveness: the gateway is up with a composed supergraph (it does not start without one). */
  @Get('health')
  health(): { status: 'ok'; service: 'gateway' } {
    return { status: 'ok', service: 'gateway' };
  }
}
