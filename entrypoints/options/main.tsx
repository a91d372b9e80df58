import { render } from 'preact';
import { Options } from './Options';
import '../../components/styles.css';

document.documentElement.lang = navigator.language.startsWith('fr') ? 'fr' : 'en';
render(<Options />, document.getElementById('app')!);
