import { mount } from '../../components/mount';
import { Devices } from './Devices';

mount(Devices);
