import { Controller, Get, HttpCode, HttpException, HttpStatus } from '@nestjs/common';
import { PrismaService } from './common/prisma.service';

@Controller()
export class HealthController {
  constructor(private readonly prisma: PrismaService) {}

  /** 200 when the service and its database answer, 503 otherwise. */
  @Get('health')
  @HttpCode(200)
  async health(): Promise<{ status: 'ok'; service: 'identity'; database: 'ok' }> {
    try {
      await this.prisma.$queryRaw`SELECT 1`;
    } catch {
      throw new HttpException({ status: 'unavailable', service: 'identity', database: 'unreachable' }, HttpStatus.SERVICE_UNAVAILABLE);
    }
    return { status: 'ok', service: 'identity', database: 'ok' };
  }
}
